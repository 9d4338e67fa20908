import {
  defaultIntegrationConfig,
  type IntegrationView,
  type PushProgress,
  type WorkspaceEvent,
  type WorkspaceUser,
} from '../../../src/shared/contract';

const at = '2026-11-26T10:00:00.000Z';

export function workspaceUser(id: number, name: string, patch: Partial<WorkspaceUser> = {}): WorkspaceUser {
  const email = `${name.split(' ')[0].toLowerCase()}@contoso.example`;
  return { id, name, email, type: 'regular', active: true, roleIds: [], createdAt: at, updatedAt: at, deactivatedAt: null, ...patch };
}

export function workspaceEvent(id: number, name: string, patch: Partial<WorkspaceEvent> = {}): WorkspaceEvent {
  return {
    id,
    kind: 'meeting',
    name,
    start: '2026-12-01T09:00:00.000Z',
    end: '2026-12-01T10:00:00.000Z',
    allDay: false,
    timeZone: 'Europe/Berlin',
    location: '',
    description: '',
    status: 'planned',
    assignedUserId: null,
    attendees: [],
    origin: 'console',
    seriesMasterId: null,
    recurrence: null,
    onlineMeeting: false,
    joinUrl: null,
    removedInOutlook: false,
    inOutlook: false,
    updatedAt: at,
    ...patch,
  };
}

export function integrationView(patch: Partial<IntegrationView> = {}): IntegrationView {
  return {
    config: defaultIntegrationConfig,
    secret: { state: 'notSet', setAt: null, expiresOn: null, expiry: null },
    vault: { backend: 'key file', protection: 'keyFile', explanation: 'Secrets are encrypted with the key file.' },
    adminConsent: null,
    appCertificate: null,
    canOpenBrowser: false,
    ...patch,
  };
}

/** One user's push of two records, `done` of them so far. */
export function pushProgress(revision: number, status: PushProgress['status'], done: number): PushProgress {
  return {
    pushId: 'p1',
    resumeOf: null,
    status,
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: status === 'running' ? null : '2026-11-26T10:00:01.000Z',
    summary: status,
    users: [
      {
        userId: 1,
        userName: 'Ann Lee',
        total: 2,
        done,
        created: done,
        updated: 0,
        recreated: 0,
        skipped: 0,
        failed: 0,
        messages: [],
        error: null,
      },
    ],
    resumable: false,
    revision,
  };
}
