import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { RunStatus } from '../../../../shared/contract';
import { statusLabels } from './jobWords';

const colors: Record<RunStatus, BadgeProps['color']> = {
  running: 'brand',
  success: 'success',
  partial: 'warning',
  failed: 'danger',
  skipped: 'subtle',
  interrupted: 'severe',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge appearance="tint" color={colors[status]} data-status={status}>
      {statusLabels[status]}
    </Badge>
  );
}
