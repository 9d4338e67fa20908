/**
 * Numbered migrations of the workspace database. Append only: a released migration never
 * changes, a new one gets the next number. Features add their tables here as they land.
 */
export type Migration = { version: number; name: string; sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'app metadata',
    sql: `
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'access control: users, roles, scopes and the audit log',
    // Users are deactivated, never deleted: their history (audit entries, sync records) keeps
    // pointing at them. Emails are unique whatever their case.
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('administrator', 'regular')),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deactivated_at TEXT
      ) STRICT;
      CREATE TABLE roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- One row per scope a role enables; no row means "not set".
      CREATE TABLE role_scopes (
        role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('externalAccounts', 'outlookCalendar', 'outlookContacts')),
        PRIMARY KEY (role_id, scope)
      ) STRICT;
      CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, role_id)
      ) STRICT;
      CREATE INDEX user_roles_by_role ON user_roles (role_id);
      -- Who (the console's operator), when, what: old -> new. Targets are kept as text so an
      -- entry still reads right after the role it names is renamed or deleted.
      CREATE TABLE access_audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        target TEXT NOT NULL,
        change TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'credential vault',
    // Only cipher text: the plain secret never reaches the database or its WAL.
    sql: `
      CREATE TABLE vault_secrets (
        name TEXT PRIMARY KEY NOT NULL,
        cipher BLOB NOT NULL,
        backend TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'scheduled jobs and their run history',
    sql: `
      CREATE TABLE job_config (
        job_id TEXT PRIMARY KEY NOT NULL,
        cron TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        -- Since when the job has been active: runs missed before that are not caught up.
        active_since TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE job_runs (
        id TEXT PRIMARY KEY NOT NULL,
        job_id TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catchUp')),
        status TEXT NOT NULL CHECK (status IN ('running', 'success', 'partial', 'failed', 'skipped', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        summary TEXT NOT NULL,
        users_done INTEGER NOT NULL DEFAULT 0,
        users_total INTEGER NOT NULL DEFAULT 0,
        error_count INTEGER NOT NULL DEFAULT 0,
        log_lines_dropped INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX job_runs_by_start ON job_runs (job_id, started_at);
      CREATE INDEX job_runs_by_status ON job_runs (job_id, status, started_at);

      CREATE TABLE job_run_users (
        run_id TEXT NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failed')),
        to_outlook_created INTEGER NOT NULL,
        to_outlook_updated INTEGER NOT NULL,
        to_outlook_deleted INTEGER NOT NULL,
        from_outlook_created INTEGER NOT NULL,
        from_outlook_updated INTEGER NOT NULL,
        from_outlook_deleted INTEGER NOT NULL,
        -- JSON array of { message, explanation }.
        errors TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      ) STRICT;

      CREATE TABLE job_run_log (
        run_id TEXT NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        -- The log entry as the Logs page shows it (already redacted), as JSON.
        entry TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'connected Outlook accounts (their tokens live in the vault)',
    sql: `
      CREATE TABLE outlook_accounts (
        user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        -- MSAL's account key (uid.utid) in the user's vault-held token cache.
        home_account_id TEXT NOT NULL,
        user_principal_name TEXT NOT NULL,
        display_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('connected', 'needsReconnect', 'disconnected')),
        -- JSON arrays of scope strings.
        granted_scopes TEXT NOT NULL,
        requested_scopes TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        last_refresh_at TEXT,
        -- The plain-words problem code (microsoftErrors) that made the account need reconnecting.
        problem_code TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'workspace events and two-way calendar sync with Outlook',
    // Timed events keep UTC instants; all-day events keep dates (end exclusive), which mean the
    // same day in every time zone. `version` counts local edits: a link's synced_version below it
    // means "changed here since the last push". A link without an Outlook id is a create that was
    // sent (or is about to be) with its transaction id: the next run sends the same id again.
    sql: `
      CREATE TABLE workspace_events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('meeting', 'call')),
        name TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        location TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'notHeld')),
        assigned_user_id INTEGER REFERENCES users (id),
        origin TEXT NOT NULL CHECK (origin IN ('console', 'outlook')),
        outlook_type TEXT CHECK (outlook_type IN ('singleInstance', 'occurrence', 'exception')),
        series_master_id TEXT,
        recurrence TEXT,
        outlook_removed_at TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX workspace_events_by_user ON workspace_events (assigned_user_id, start_at);
      CREATE TABLE workspace_event_attendees (
        event_id INTEGER NOT NULL REFERENCES workspace_events (id) ON DELETE CASCADE,
        email TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('user', 'contact', 'lead', 'other')),
        ref_id INTEGER,
        PRIMARY KEY (event_id, email)
      ) STRICT;
      CREATE TABLE calendar_links (
        event_id INTEGER NOT NULL REFERENCES workspace_events (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id),
        outlook_event_id TEXT,
        change_key TEXT,
        transaction_id TEXT NOT NULL UNIQUE,
        synced_version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, user_id)
      ) STRICT;
      CREATE UNIQUE INDEX calendar_links_by_outlook_id ON calendar_links (user_id, outlook_event_id);
      CREATE TABLE calendar_sync_state (
        user_id INTEGER PRIMARY KEY REFERENCES users (id),
        delta_link TEXT,
        window_start TEXT,
        window_end TEXT,
        last_synced_at TEXT
      ) STRICT;
      CREATE TABLE calendar_settings (
        user_id INTEGER PRIMARY KEY REFERENCES users (id),
        calendar_id TEXT,
        calendar_name TEXT,
        direction TEXT NOT NULL DEFAULT 'both' CHECK (direction IN ('both', 'toOutlook', 'fromOutlook')),
        sync_meetings INTEGER NOT NULL DEFAULT 1 CHECK (sync_meetings IN (0, 1)),
        sync_calls INTEGER NOT NULL DEFAULT 1 CHECK (sync_calls IN (0, 1)),
        sync_since TEXT,
        send_contact_attendees INTEGER NOT NULL DEFAULT 0 CHECK (send_contact_attendees IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
      -- The version that lost a conflict, kept so nothing changed on either side is lost silently.
      CREATE TABLE calendar_conflicts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        event_id INTEGER NOT NULL,
        winner TEXT NOT NULL CHECK (winner IN ('console', 'outlook')),
        loser TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 7,
    name: 'workspace contacts, leads and accounts; their Outlook copies per user; contacts settings',
    // Contacts and leads are one table told apart by kind: Outlook gets both the same way.
    // Emails and phones are JSON arrays of strings, in the order they were entered.
    sql: `
      CREATE TABLE crm_accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE crm_people (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('contact', 'lead')),
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        emails TEXT NOT NULL CHECK (json_valid(emails)),
        phones TEXT NOT NULL CHECK (json_valid(phones)),
        account_id INTEGER REFERENCES crm_accounts (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX crm_people_by_kind ON crm_people (kind, last_name, first_name);
      CREATE INDEX crm_people_by_account ON crm_people (account_id);
      CREATE INDEX crm_people_by_change ON crm_people (updated_at);

      -- The Outlook copy of a record in one user's mailbox: the first push creates it, later
      -- pushes update it through this id; a 404 means it was deleted in Outlook.
      CREATE TABLE crm_outlook_contacts (
        person_id INTEGER NOT NULL REFERENCES crm_people (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        outlook_id TEXT NOT NULL,
        change_key TEXT NOT NULL,
        folder_id TEXT,
        pushed_at TEXT NOT NULL,
        PRIMARY KEY (person_id, user_id)
      ) STRICT;
      CREATE INDEX crm_outlook_contacts_by_user ON crm_outlook_contacts (user_id, pushed_at);

      CREATE TABLE contact_settings (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        -- NULL: the mailbox's default Contacts folder.
        folder_id TEXT,
        folder_name TEXT,
        push_changed_on_schedule INTEGER NOT NULL DEFAULT 0 CHECK (push_changed_on_schedule IN (0, 1)),
        -- The scheduled push sends records changed after this: the start of the user's last
        -- finished push, or when the option was turned on.
        changes_since TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Each push from the list or detail view, so a cancelled or interrupted one can be resumed.
      CREATE TABLE contact_pushes (
        id TEXT PRIMARY KEY NOT NULL,
        resume_of TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'partial', 'failed', 'cancelled', 'interrupted')),
        -- JSON: the selection ({ ids } or { kind, search }) and the user ids.
        selection TEXT NOT NULL CHECK (json_valid(selection)),
        user_ids TEXT NOT NULL CHECK (json_valid(user_ids)),
        summary TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 8,
    name: 'writes to Outlook in doubt; per-user notes and retry times in the job history',
    // A contact create whose answer never came (crash, dropped connection, timeout) stays here
    // until Outlook is searched for it by its extended property: found, it is linked; not
    // found, it is created again. The row is written before the create is sent. (Calendar
    // creates use calendar_links: a link without an Outlook id is in doubt, and its
    // synced_version is the version of the first create sent.)
    sql: `
      CREATE TABLE crm_outlook_contacts_in_doubt (
        person_id INTEGER NOT NULL REFERENCES crm_people (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        -- The folder the create went to (NULL: the default Contacts folder).
        folder_id TEXT,
        -- When the record's fields were read for the create: the copy in Outlook is that old.
        sent_at TEXT NOT NULL,
        -- 1: created again after a search found nothing. A create that timed out may still land
        -- after that search: the next push looks once more and keeps one copy.
        recheck INTEGER NOT NULL DEFAULT 0 CHECK (recheck IN (0, 1)),
        PRIMARY KEY (person_id, user_id)
      ) STRICT;

      -- JSON array of strings: what happened that is worth knowing but is no error.
      ALTER TABLE job_run_users ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
      -- When Outlook asked for a longer wait than the console allows: when to try the mailbox again.
      ALTER TABLE job_run_users ADD COLUMN retry_at TEXT;
    `,
  },
  {
    version: 9,
    name: "a job run's users may be skipped (Outlook Calendar access but no connected account)",
    // SQLite cannot change a CHECK constraint: the table is made again with the wider one.
    sql: `
      CREATE TABLE job_run_users_v9 (
        run_id TEXT NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failed', 'skipped')),
        to_outlook_created INTEGER NOT NULL,
        to_outlook_updated INTEGER NOT NULL,
        to_outlook_deleted INTEGER NOT NULL,
        from_outlook_created INTEGER NOT NULL,
        from_outlook_updated INTEGER NOT NULL,
        from_outlook_deleted INTEGER NOT NULL,
        -- JSON array of { message, explanation }.
        errors TEXT NOT NULL,
        -- JSON array of strings: what happened that is worth knowing but is no error.
        notes TEXT NOT NULL DEFAULT '[]',
        -- When Outlook asked for a longer wait than the console allows: when to try the mailbox again.
        retry_at TEXT,
        PRIMARY KEY (run_id, position)
      ) STRICT;
      INSERT INTO job_run_users_v9 SELECT * FROM job_run_users;
      DROP TABLE job_run_users;
      ALTER TABLE job_run_users_v9 RENAME TO job_run_users;
    `,
  },
  {
    version: 10,
    name: 'email accounts, their folders’ fetch state, fetched messages, addresses and attachments',
    // A message is one row per account and folder, found again by its identity (the Message-ID,
    // or a fingerprint of its envelope when it has none) so a folder whose UIDVALIDITY changed is
    // fetched again without duplicates. A folder's last_uid moves in the same transaction as the
    // message it covers: a process killed mid-fetch resumes after the last committed message.
    // Attachment bytes live in files under the data folder (content-addressed), never in the table.
    sql: `
      CREATE TABLE email_accounts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('personal', 'group')),
        -- Whose Outlook account's token opens the mailbox: the owner (personal) or a user with access (group).
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        -- The mailbox, and the login identity over IMAP and SMTP.
        address TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        folders TEXT NOT NULL CHECK (json_valid(folders)),
        fetch_since TEXT,
        send_via TEXT NOT NULL CHECK (send_via IN ('smtp', 'graph')),
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        last_check_at TEXT,
        last_check_status TEXT CHECK (last_check_status IN ('success', 'partial', 'failed')),
        last_check_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX email_accounts_one_personal ON email_accounts (user_id) WHERE kind = 'personal';

      CREATE TABLE email_folder_state (
        account_id INTEGER NOT NULL REFERENCES email_accounts (id) ON DELETE CASCADE,
        folder_path TEXT NOT NULL,
        uid_validity INTEGER NOT NULL,
        uid_next INTEGER NOT NULL,
        last_uid INTEGER NOT NULL,
        -- RFC 7162 mod-sequences are 63-bit: kept as text, never rounded through a double.
        highest_modseq TEXT,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (account_id, folder_path)
      ) STRICT;

      CREATE TABLE email_messages (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES email_accounts (id) ON DELETE CASCADE,
        folder_path TEXT NOT NULL,
        uid_validity INTEGER,
        uid INTEGER,
        identity TEXT NOT NULL,
        message_id TEXT,
        in_reply_to TEXT,
        references_header TEXT,
        subject TEXT NOT NULL DEFAULT '',
        from_address TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
        from_name TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        received_at TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
        text_body TEXT,
        html_body TEXT,
        snippet TEXT NOT NULL DEFAULT '',
        -- Set when the body was not fetched (too big), in words; the envelope is kept.
        skipped_reason TEXT,
        direction TEXT NOT NULL DEFAULT 'received' CHECK (direction IN ('received', 'sent')),
        fetched_at TEXT NOT NULL,
        UNIQUE (account_id, folder_path, identity),
        UNIQUE (account_id, folder_path, uid_validity, uid)
      ) STRICT;
      CREATE INDEX email_messages_by_date ON email_messages (account_id, sent_at);
      CREATE INDEX email_messages_by_message_id ON email_messages (message_id);

      CREATE TABLE email_addresses (
        message_id INTEGER NOT NULL REFERENCES email_messages (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('from', 'to', 'cc', 'replyTo')),
        address TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (message_id, role, address)
      ) STRICT;
      CREATE INDEX email_addresses_by_address ON email_addresses (address);

      CREATE TABLE email_attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES email_messages (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        content_id TEXT,
        -- Relative to the data folder; NULL when the attachment was not kept (skipped_reason says why).
        stored_path TEXT,
        skipped_reason TEXT
      ) STRICT;
      CREATE INDEX email_attachments_by_message ON email_attachments (message_id);
    `,
  },
  {
    version: 11,
    name: 'online meetings: an event asks for one and keeps its join link; a per-user default for new meetings',
    sql: `
      ALTER TABLE workspace_events ADD COLUMN online_meeting INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE workspace_events ADD COLUMN online_meeting_join_url TEXT;
      ALTER TABLE calendar_settings ADD COLUMN online_meeting_by_default INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 12,
    name: 'contacts pushes become runs of an on-demand job: their input, resume chain and cancel in the job history',
    // One runtime for long work (issue 21): a run keeps what it was started with (a push's
    // selection and users) so it can be resumed, the run it resumes, and whether an administrator
    // cancelled it (recorded as interrupted: it stopped before it finished). Every push so far is
    // carried into the history as a run of the 'contactsPush' job (contactPushJob.ts), under its
    // own id, so a cancelled or interrupted one can still be resumed; then its old table goes.
    sql: `
      ALTER TABLE job_runs ADD COLUMN input TEXT CHECK (input IS NULL OR json_valid(input));
      ALTER TABLE job_runs ADD COLUMN resume_of TEXT;
      ALTER TABLE job_runs ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1));

      INSERT INTO job_runs (id, job_id, trigger, status, started_at, finished_at, duration_ms, summary, users_done, users_total,
        error_count, input, resume_of, cancelled)
      SELECT id, 'contactsPush', 'manual',
        CASE status WHEN 'done' THEN 'success' WHEN 'cancelled' THEN 'interrupted' ELSE status END,
        started_at, finished_at,
        CASE WHEN finished_at IS NULL THEN NULL
          ELSE max(0, CAST(round((julianday(finished_at) - julianday(started_at)) * 86400000) AS INTEGER)) END,
        summary,
        CASE WHEN status = 'running' THEN 0 ELSE json_array_length(user_ids) END,
        json_array_length(user_ids),
        0,
        json_object('selection', json(selection), 'userIds', json(user_ids)),
        resume_of,
        status = 'cancelled'
      FROM contact_pushes;
      DROP TABLE contact_pushes;
    `,
  },
];
