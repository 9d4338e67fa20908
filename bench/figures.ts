// One figure per line of JSON, then a table: the format `npm run bench` prints.
export type Figure = { bench: string; value: number | null; bound: number | null; ratio: number | null; unit: string; note?: string };

export function figure(
  bench: string,
  value: number,
  bound: number | null,
  unit: string,
  note?: string,
  ratioOf: 'valueOverBound' | 'boundOverValue' = 'valueOverBound',
): Figure {
  const ratio = bound === null || bound === 0 || value === 0 ? null : ratioOf === 'valueOverBound' ? value / bound : bound / value;
  return {
    bench,
    value: round(value),
    bound: bound === null ? null : round(bound),
    ratio: ratio === null ? null : round(ratio),
    unit,
    ...(note ? { note } : {}),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function printFigure(f: Figure): void {
  console.log(JSON.stringify(f));
}

export function table(figures: readonly Figure[]): string {
  const rows = [
    ['figure', 'value', 'bound', 'ratio', 'unit'],
    ...figures.map((f) => [
      f.bench,
      f.value === null ? '—' : String(f.value),
      f.bound === null ? '—' : String(f.bound),
      f.ratio === null ? '—' : f.ratio.toFixed(2),
      f.unit,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
