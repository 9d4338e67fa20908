import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';

/** Copies a value the administrator pastes elsewhere (the portal, a browser), and says it did. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard permission (an insecure origin): the value is selectable on the page.
      setCopied(false);
    }
  };
  return (
    <Tooltip content={copied ? 'Copied' : label} relationship="label">
      <Button appearance="subtle" icon={copied ? <CheckmarkRegular /> : <CopyRegular />} onClick={() => void copy()} />
    </Tooltip>
  );
}
