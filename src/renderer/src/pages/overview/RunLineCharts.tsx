import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { DataVizPalette, LineChart, type LineChartPoints } from '@fluentui/react-charts';
import type { RunPoint } from '../../../../shared/contract';
import { useConsoleTimeZone } from '../../format/dateTime';
import { timeAxis } from './timeAxis';

const useStyles = makeStyles({
  charts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: tokens.spacingHorizontalL },
  chart: { minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const chartHeight = 220;

/** The overview's four charts of a job's finished runs (RunCharts.tsx loads this file when there is one). */
export function RunLineCharts({ points }: { points: RunPoint[] }) {
  const styles = useStyles();
  return (
    <div className={styles.charts}>
      <Chart title="Duration (seconds)" lines={[line('Duration', DataVizPalette.color1, points, (point) => point.durationMs / 1000)]} />
      <Chart
        title="Changes each way"
        lines={[
          line('To Outlook', DataVizPalette.color2, points, (point) => point.toOutlook),
          line('From Outlook', DataVizPalette.color3, points, (point) => point.fromOutlook),
        ]}
      />
      <Chart title="Errors" lines={[line('Errors', DataVizPalette.error, points, (point) => point.errors)]} />
      <Chart
        title="Throttling waits (seconds)"
        lines={[line('Waiting for Outlook', DataVizPalette.warning, points, (point) => point.throttleWaitMs / 1000)]}
      />
    </div>
  );
}

function Chart({ title, lines }: { title: string; lines: LineChartPoints[] }) {
  const styles = useStyles();
  const timeZone = useConsoleTimeZone();
  const axis = timeAxis(
    lines.flatMap((series) => series.data.map((point) => (point.x as Date).getTime())),
    timeZone,
  );
  return (
    <figure className={styles.chart} aria-label={title} data-testid="run-chart">
      <Caption1 as="h3">{title}</Caption1>
      <LineChart
        data={{ chartTitle: title, lineChartData: lines }}
        height={chartHeight}
        yMinValue={0}
        tickValues={axis.tickValues}
        customDateTimeFormatter={axis.format}
      />
    </figure>
  );
}

function line(legend: string, color: string, points: RunPoint[], value: (point: RunPoint) => number): LineChartPoints {
  return { legend, color, data: points.map((point) => ({ x: new Date(point.startedAt), y: Math.round(value(point) * 10) / 10 })) };
}
