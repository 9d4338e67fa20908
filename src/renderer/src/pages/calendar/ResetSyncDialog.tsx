import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';

type Choice = 'keep' | 'removeFromOutlookCopies';

/** Asks before forgetting a user's delta link and mappings, and what to do with the events here. */
export function ResetSyncDialog({ userName, onConfirm, onClose }: { userName: string; onConfirm: (choice: Choice) => void; onClose: () => void }) {
  const [choice, setChoice] = useState<Choice>('keep');
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Reset the calendar sync of {userName}?</DialogTitle>
          <DialogContent>
            <p>The console forgets where the sync with Outlook stood and which events are linked. The next sync reads the whole calendar again.</p>
            <Field label="Events already here">
              <RadioGroup value={choice} onChange={(_e, data) => setChoice(data.value as Choice)}>
                <Radio value="keep" label="Keep them: the next sync links them again (nothing is duplicated)" />
                <Radio value="removeFromOutlookCopies" label="Remove the events that came from Outlook: the next sync brings them back fresh" />
              </RadioGroup>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              onClick={() => {
                onConfirm(choice);
                onClose();
              }}
            >
              Reset sync
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
