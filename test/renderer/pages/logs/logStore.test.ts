import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src/shared/contract';
import { matchesFilter, type LogFilter } from '../../../../src/renderer/src/pages/logs/logStore';

function entry(message: string, fields: Record<string, unknown> = {}, level: LogEntry['level'] = 'info', source = 'sync'): LogEntry {
  return { seq: 1, time: '2026-11-27T00:00:00.000Z', level, source, message, fields, runId: null } as LogEntry;
}

const everything: LogFilter = { levels: new Set(['debug', 'info', 'notice', 'warning', 'error']), source: '', text: '' };

describe('the Logs page filter', () => {
  it('finds the text in the message or in a field, whatever its case', () => {
    const withField = entry('Graph GET answered 200', { userPrincipalName: 'Adele.Vance@contoso.com' });
    expect(matchesFilter(withField, everything, 'answered')).toBe(true);
    expect(matchesFilter(withField, everything, 'adele.vance')).toBe(true);
    expect(matchesFilter(withField, everything, 'diego')).toBe(false);
    // The same entry asked again gives the same answer (its text is made once), and the entry copies as JSON unchanged.
    expect(matchesFilter(withField, everything, 'adele.vance')).toBe(true);
    expect(JSON.parse(JSON.stringify(withField))).toEqual(
      JSON.parse(JSON.stringify(entry('Graph GET answered 200', { userPrincipalName: 'Adele.Vance@contoso.com' }))),
    );
    expect(Object.keys(withField)).toEqual(['seq', 'time', 'level', 'source', 'message', 'fields', 'runId']);
  });

  it('keeps only the chosen levels and source', () => {
    const debug = entry('Delta page read', {}, 'debug', 'sync');
    expect(matchesFilter(debug, { ...everything, levels: new Set(['info']) }, '')).toBe(false);
    expect(matchesFilter(debug, { ...everything, source: 'accounts' }, '')).toBe(false);
    expect(matchesFilter(debug, { ...everything, source: 'sync' }, 'delta')).toBe(true);
  });
});
