import { Badge } from '@fluentui/react-components';
import { CheckmarkCircleFilled, CircleRegular, ClockRegular, WarningFilled } from '@fluentui/react-icons';
import type { AccountStatus } from '../../../../shared/contract';

const look = {
  connected: { color: 'success', label: 'Connected', icon: <CheckmarkCircleFilled /> },
  needsReconnect: { color: 'danger', label: 'Needs reconnect', icon: <WarningFilled /> },
  disconnected: { color: 'informative', label: 'Disconnected', icon: <CircleRegular /> },
} as const;

export function AccountStatusBadge({ status, waiting }: { status: AccountStatus; waiting: boolean }) {
  if (waiting) {
    return (
      <Badge appearance="tint" color="brand" icon={<ClockRegular />} style={{ whiteSpace: 'nowrap' }}>
        Waiting for sign-in
      </Badge>
    );
  }
  const { color, label, icon } = look[status];
  return (
    <Badge appearance="tint" color={color} icon={icon} data-testid="account-status" style={{ whiteSpace: 'nowrap' }}>
      {label}
    </Badge>
  );
}
