import { Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';

type Choice = 'keep' | 'removeFromOutlookCopies';

/** Asks before forgetting a user's delta link and mappings, and what to do with the events here. */
export function ResetSyncDialog({
  userName,
  onConfirm,
  onClose,
}: {
  userName: string;
  onConfirm: (choice: Choice) => void;
  onClose: () => void;
}) {
  const [choice, setChoice] = useState<Choice>('keep');
  return (
    <ConfirmDialog
      title={`Reset the calendar sync of ${userName}?`}
      message={
        <>
          <p>
            The console forgets where the sync with Outlook stood and which events are linked. The next sync reads the whole calendar again.
          </p>
          <Field label="Events already here">
            <RadioGroup value={choice} onChange={(_e, data) => setChoice(data.value as Choice)}>
              <Radio value="keep" label="Keep them: the next sync links them again (nothing is duplicated)" />
              <Radio
                value="removeFromOutlookCopies"
                label="Remove the events that came from Outlook: the next sync brings them back fresh"
              />
            </RadioGroup>
          </Field>
        </>
      }
      confirmLabel="Reset sync"
      onConfirm={() => onConfirm(choice)}
      onClose={onClose}
    />
  );
}
