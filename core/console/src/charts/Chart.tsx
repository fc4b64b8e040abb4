import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line or bar series: a value per x, null where there is none (drawn as a gap). */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * `time`: x are instants (seconds) and `labels` name them in the table; `category`: x are the
 * labels themselves (channels, assignees, score buckets), drawn as bars.
 */
export interface ChartProps {
  id: string;
  title: string;
  kind: 'time' | 'category';
  labels: string[];
  /** Shorter names for a category axis than the table's labels; the labels otherwise. */
  ticks?: string[];
  x?: number[];
  series: ChartSeries[];
  /** The unit of the values, for the axis and the table's headers ("hours", "%"). */
  unit?: string;
  xLabel: string;
  /** Values as the table shows them; the chart draws the raw numbers. */
  format?: (value: number) => string;
}

// Colours distinguishable for the common colour-vision deficiencies (Okabe–Ito).
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

/** A chart (uPlot, on a canvas) and its text alternative: a table of the same figures. */
export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | undefined>();
  const empty = props.labels.length === 0 || props.series.every((series) => series.values.every((value) => value == null));

  useEffect(() => {
    const element = host.current;
    if (!element || empty) return;
    let plot: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let gone = false;
    // uPlot is fetched only when a chart first shows: the agents' first load does not carry it.
    import('uplot').then(
      ({ default: UPlot }) => {
        if (gone) return;
        plot = new UPlot(options(UPlot, props, element.clientWidth || 600), data(props), element);
        observer = new ResizeObserver(() => plot?.setSize({ width: element.clientWidth || 600, height: 220 }));
        observer.observe(element);
      },
      (error: unknown) => setFailure(`The chart library did not load: ${String(error)}`),
    );
    return () => {
      gone = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [props, empty]);

  const format = props.format ?? ((value: number) => String(value));
  const unit = props.unit ? ` (${props.unit})` : '';
  return (
    <figure class="chart" data-chart={props.id} aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        <strong>{props.title}</strong>
        {props.series.length > 1 && (
          <span class="legend">
            {props.series.map((series, index) => (
              <span key={series.label} class={`key key-${index}`}>
                {series.label}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      {empty ? <p class="muted">No data in this period.</p> : <div class="plot" ref={host} aria-hidden="true" />}
      {failure && <p class="error">{failure}</p>}
      {!empty && (
        <details>
          <summary>Figures of “{props.title}”</summary>
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">{props.xLabel}</th>
                {props.series.map((series) => (
                  <th scope="col" key={series.label}>
                    {series.label}
                    {unit}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((label, row) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {props.series.map((series) => {
                    const value = series.values[row];
                    return <td key={series.label}>{value == null ? '–' : format(value)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

function data(props: ChartProps): uPlot.AlignedData {
  const xs = props.kind === 'time' ? (props.x ?? []) : props.labels.map((_, index) => index);
  return [xs, ...props.series.map((series) => series.values)] as uPlot.AlignedData;
}

function options(UPlot: typeof uPlot, props: ChartProps, width: number): uPlot.Options {
  const bars = props.kind === 'category' ? UPlot.paths.bars!({ size: [0.6, 64] }) : undefined;
  return {
    width,
    height: 220,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: props.kind === 'category' ? { time: false, range: [-0.5, props.labels.length - 0.5] } : { time: true },
      y: { range: (_plot, min, max) => [Math.min(0, min ?? 0), Math.max(1, max ?? 1) * 1.1] },
    },
    series: [
      {},
      ...props.series.map((series, index) => ({
        label: series.label,
        stroke: COLOURS[index % COLOURS.length],
        width: 2,
        fill: bars ? `${COLOURS[index % COLOURS.length]}cc` : undefined,
        paths: bars,
        points: { show: !bars },
      })),
    ],
    axes: [
      props.kind === 'category'
        ? { splits: () => props.labels.map((_, index) => index), values: (_plot, splits) => splits.map((split) => (props.ticks ?? props.labels)[split] ?? '') }
        : {},
      { label: props.unit, size: 60 },
    ],
  };
}
