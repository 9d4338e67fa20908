import { Checkbox, Dropdown, Field, Input, Option, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import type { RecurrenceInput, WeekDay } from '../../../../shared/contract';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  line: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  number: { width: '5em' },
});

const weekDays: WeekDay[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const jsDays: WeekDay[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const indexes = ['first', 'second', 'third', 'fourth', 'last'] as const;
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const capital = (word: string) => word[0].toUpperCase() + word.slice(1);

type Frequency = 'never' | 'daily' | 'weekly' | 'monthly' | 'yearly';
const units: Record<Exclude<Frequency, 'never'>, string> = { daily: 'day(s)', weekly: 'week(s)', monthly: 'month(s)', yearly: 'year(s)' };

function frequencyOf(value: RecurrenceInput | null): Frequency {
  if (!value) return 'never';
  const type = value.pattern.type;
  return type === 'daily' || type === 'weekly' ? type : type.endsWith('Monthly') ? 'monthly' : 'yearly';
}

/** What the first day (YYYY-MM-DD) suggests: its weekday, its day of the month, which week it is in, its month. */
function fromFirstDay(firstDay: string) {
  const date = new Date(`${firstDay}T00:00:00Z`);
  const day = date.getUTCDate();
  const lastWeek = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate() - day < 7;
  return {
    weekDay: jsDays[date.getUTCDay()],
    dayOfMonth: day,
    index: lastWeek && day > 28 ? ('last' as const) : indexes[Math.min(Math.floor((day - 1) / 7), 3)],
    month: date.getUTCMonth() + 1,
  };
}

/** A series' pattern as kept on an event (Outlook's form) → the editor's value; null for none. */
export function recurrenceFromStored(stored: string | null): RecurrenceInput | null {
  if (!stored) return null;
  try {
    const { pattern, range } = JSON.parse(stored) as RecurrenceInput;
    return {
      pattern: {
        type: pattern.type,
        interval: pattern.interval || 1,
        daysOfWeek: pattern.daysOfWeek ?? [],
        ...(pattern.dayOfMonth ? { dayOfMonth: pattern.dayOfMonth } : {}),
        ...(pattern.month ? { month: pattern.month } : {}),
        ...(pattern.index ? { index: pattern.index } : {}),
      },
      range: {
        type: range.type,
        ...(range.type === 'endDate' ? { endDate: range.endDate } : {}),
        ...(range.type === 'numbered' ? { numberOfOccurrences: range.numberOfOccurrences } : {}),
      },
    };
  } catch {
    return null;
  }
}

type Props = {
  value: RecurrenceInput | null;
  /** The event's first day (YYYY-MM-DD): the defaults for days, dates and the end. */
  firstDay: string;
  onChange: (value: RecurrenceInput | null) => void;
  errors: Record<string, string>;
};

/** Repeats: daily, weekly on chosen days, monthly or yearly by date or by weekday; ends on a date, after a count, or never. */
export function RecurrenceEditor({ value, firstDay, onChange, errors }: Props) {
  const styles = useStyles();
  const frequency = frequencyOf(value);
  const suggested = fromFirstDay(firstDay || new Date().toISOString().slice(0, 10));
  const byWeekday = value?.pattern.type.startsWith('relative') ?? false;

  const choose = (next: Frequency, relative = byWeekday) => {
    if (next === 'never') return onChange(null);
    const interval = value?.pattern.interval ?? 1;
    const range = value?.range ?? { type: 'endDate' as const, endDate: addMonths(firstDay, 3) };
    const pattern =
      next === 'daily'
        ? { type: 'daily' as const, interval }
        : next === 'weekly'
          ? {
              type: 'weekly' as const,
              interval,
              daysOfWeek: value?.pattern.daysOfWeek?.length ? value.pattern.daysOfWeek : [suggested.weekDay],
            }
          : relative
            ? {
                type: next === 'monthly' ? ('relativeMonthly' as const) : ('relativeYearly' as const),
                interval,
                daysOfWeek: [suggested.weekDay],
                index: suggested.index,
                ...(next === 'yearly' ? { month: suggested.month } : {}),
              }
            : {
                type: next === 'monthly' ? ('absoluteMonthly' as const) : ('absoluteYearly' as const),
                interval,
                dayOfMonth: suggested.dayOfMonth,
                ...(next === 'yearly' ? { month: suggested.month } : {}),
              };
    onChange({ pattern, range });
  };
  const setPattern = (change: Partial<RecurrenceInput['pattern']>) =>
    value && onChange({ ...value, pattern: { ...value.pattern, ...change } });
  const setRange = (range: RecurrenceInput['range']) => value && onChange({ ...value, range });
  const toggleDay = (day: WeekDay, on: boolean) => {
    const days = new Set(value?.pattern.daysOfWeek ?? []);
    if (on) days.add(day);
    else days.delete(day);
    setPattern({ daysOfWeek: weekDays.filter((candidate) => days.has(candidate)) });
  };

  return (
    <div className={styles.group} role="group" aria-label="Repeats">
      <Field label="Repeats" validationMessage={errors.recurrence}>
        <Dropdown
          value={frequency === 'never' ? 'Does not repeat' : capital(frequency)}
          selectedOptions={[frequency]}
          onOptionSelect={(_e, data) => choose(data.optionValue as Frequency)}
        >
          <Option value="never">Does not repeat</Option>
          <Option value="daily">Daily</Option>
          <Option value="weekly">Weekly</Option>
          <Option value="monthly">Monthly</Option>
          <Option value="yearly">Yearly</Option>
        </Dropdown>
      </Field>
      {value && frequency !== 'never' && (
        <>
          <Field label={`Every … ${units[frequency]}`} validationMessage={errors['recurrence.pattern.interval']}>
            <Input
              className={styles.number}
              type="number"
              min={1}
              max={99}
              value={String(value.pattern.interval)}
              onChange={(_e, data) => setPattern({ interval: Number(data.value) })}
            />
          </Field>
          {frequency === 'weekly' && (
            <Field label="On" validationMessage={errors['recurrence.pattern.daysOfWeek']}>
              <div className={styles.line}>
                {weekDays.map((day) => (
                  <Checkbox
                    key={day}
                    label={capital(day).slice(0, 3)}
                    aria-label={capital(day)}
                    checked={value.pattern.daysOfWeek?.includes(day) ?? false}
                    onChange={(_e, data) => toggleDay(day, data.checked === true)}
                  />
                ))}
              </div>
            </Field>
          )}
          {(frequency === 'monthly' || frequency === 'yearly') && (
            <Field label="On">
              <RadioGroup value={byWeekday ? 'weekday' : 'date'} onChange={(_e, data) => choose(frequency, data.value === 'weekday')}>
                <Radio
                  value="date"
                  label={`Day ${suggested.dayOfMonth}${frequency === 'yearly' ? ` of ${months[suggested.month - 1]}` : ' of the month'}`}
                />
                <Radio
                  value="weekday"
                  label={`The ${suggested.index} ${capital(suggested.weekDay)}${frequency === 'yearly' ? ` of ${months[suggested.month - 1]}` : ' of the month'}`}
                />
              </RadioGroup>
            </Field>
          )}
          <Field label="Ends" validationMessage={errors['recurrence.range.endDate'] ?? errors['recurrence.range.numberOfOccurrences']}>
            <RadioGroup
              value={value.range.type}
              onChange={(_e, data) =>
                setRange(
                  data.value === 'endDate'
                    ? { type: 'endDate', endDate: addMonths(firstDay, 3) }
                    : data.value === 'numbered'
                      ? { type: 'numbered', numberOfOccurrences: 10 }
                      : { type: 'noEnd' },
                )
              }
            >
              <div className={styles.line}>
                <Radio value="endDate" label="On" />
                <Input
                  type="date"
                  aria-label="Last day of the series"
                  disabled={value.range.type !== 'endDate'}
                  value={value.range.endDate ?? ''}
                  onChange={(_e, data) => setRange({ type: 'endDate', endDate: data.value })}
                />
              </div>
              <div className={styles.line}>
                <Radio value="numbered" label="After" />
                <Input
                  className={styles.number}
                  type="number"
                  min={1}
                  max={999}
                  aria-label="Number of occurrences"
                  disabled={value.range.type !== 'numbered'}
                  value={String(value.range.numberOfOccurrences ?? '')}
                  onChange={(_e, data) => setRange({ type: 'numbered', numberOfOccurrences: Number(data.value) })}
                />
                times
              </div>
              <Radio value="noEnd" label="Never" />
            </RadioGroup>
          </Field>
        </>
      )}
    </div>
  );
}

function addMonths(day: string, count: number): string {
  const date = new Date(`${day || new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + count);
  return date.toISOString().slice(0, 10);
}
