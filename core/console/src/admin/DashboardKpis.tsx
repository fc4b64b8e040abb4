import { useMemo, useState } from 'preact/hooks';
import { Chart, type ChartProps } from '../charts/Chart.js';
import { formatTime } from '../format.js';
import type { KpiFiguresFragment } from '../gql/graphql.js';
import { useSession } from '../session.js';
import { useQuery, type QueryState } from '../useQuery.js';
import { hours, keyStart, percent, scoreDistribution, surveyByWeek } from './kpis.js';
import { AdminUsers, ServiceKpisQuery } from './operations.js';

const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 365 days' },
];

/** The service KPIs of a period: over time, by channel and by assignee, CSAT, NPS and score distributions. */
export function DashboardKpis() {
  const { client, user } = useSession();
  const [days, setDays] = useState(90);
  const [interval, setGrouping] = useState<'WEEK' | 'DAY'>('WEEK');
  // Whole minutes: the range stays the same while the page re-renders.
  const to = useMemo(() => Math.ceil(Date.now() / 60_000) * 60_000, [days]);
  const from = to - days * 86_400_000;

  const kpis = useQuery(() => client.request(ServiceKpisQuery, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval }), [client, from, to, interval]);
  const users = useQuery(() => (user.role === 'ADMIN' ? client.request(AdminUsers).then((data) => data.users) : Promise.resolve([])), [client, user.role]);
  const csat = useQuery(() => surveyByWeek(client, 'csat', from, to), [client, from, to]);
  const nps = useQuery(() => surveyByWeek(client, 'nps', from, to), [client, from, to]);
  const sentiment = useQuery(() => scoreDistribution(client, 'sentiment', -100, 100, 10), [client]);
  const churn = useQuery(() => scoreDistribution(client, 'churn-risk', 0, 100, 10), [client]);

  const names = new Map((users.data ?? []).map((entry) => [entry.id, entry.displayName || entry.email]));
  const unit = interval === 'WEEK' ? 'Week' : 'Day';
  const charts = useMemo(() => kpiCharts(kpis.data, unit, names), [kpis.data, unit, users.data]);
  const total = kpis.data?.overTime;

  return (
    <div class="kpis">
      <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label="Dashboard period">
        <label>
          Period
          <select value={days} onChange={(event) => setDays(Number(event.currentTarget.value))}>
            {PERIODS.map((period) => (
              <option key={period.days} value={period.days}>
                {period.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Interval
          <select value={interval} onChange={(event) => setGrouping(event.currentTarget.value as 'WEEK' | 'DAY')}>
            <option value="WEEK">Week</option>
            <option value="DAY">Day</option>
          </select>
        </label>
      </form>
      <p class="muted" data-testid="kpi-range" data-from={new Date(from).toISOString()} data-to={new Date(to).toISOString()}>
        Conversations opened from {formatTime(new Date(from).toISOString())} until {formatTime(new Date(to).toISOString())}; times in hours.
      </p>
      {kpis.error && (
        <p class="error" role="alert">
          Service KPIs: {kpis.error}
        </p>
      )}
      {total && (
        <dl class="facts" aria-label="The period's totals" data-testid="kpi-totals">
          <dt>Conversations opened</dt>
          <dd>{total.conversations}</dd>
          <dt>Resolved</dt>
          <dd>{total.resolved}</dd>
          <dt>Resolution rate</dt>
          <dd>{show(percent(total.resolutionRate), '%')}</dd>
          <dt>First response</dt>
          <dd>
            {show(hours(total.averageFirstResponseTimeMs), ' h')} ({show(hours(total.averageFirstResponseBusinessTimeMs), ' business h')})
          </dd>
          <dt>Resolution</dt>
          <dd>
            {show(hours(total.averageResolutionTimeMs), ' h')} ({show(hours(total.averageResolutionBusinessTimeMs), ' business h')})
          </dd>
        </dl>
      )}
      {total && total.averageFirstResponseBusinessTimeMs == null && total.conversations > 0 && (
        <p class="muted">Business-hour figures need businessHours in the configuration (docs/kpis.md); they show as “–” without it.</p>
      )}
      <div class="charts">
        {charts.map((chart) => (
          <Chart key={chart.id} {...chart} />
        ))}
        <Survey id="csat" title="CSAT per week" state={csat} unit="%" />
        <Survey id="nps" title="NPS per week" state={nps} unit="points" />
        <Distribution id="sentiment" title="Sentiment: customers per score" state={sentiment} />
        <Distribution id="churn-risk" title="Churn risk: customers per score" state={churn} />
      </div>
    </div>
  );
}

function show(value: number | null, suffix: string): string {
  return value == null ? '–' : `${value}${suffix}`;
}

function kpiCharts(data: { overTime: { groups: KpiFiguresFragment[] }; byChannel: { groups: KpiFiguresFragment[] }; byAssignee: { groups: KpiFiguresFragment[] } } | undefined, unit: string, names: Map<string, string>): ChartProps[] {
  if (!data) return [];
  const time = data.overTime.groups;
  const over = (id: string, title: string, series: ChartProps['series'], chartUnit?: string): ChartProps => ({
    id,
    title,
    kind: 'time',
    labels: time.map((group) => group.key),
    x: time.map((group) => keyStart(group.key) / 1000),
    series,
    unit: chartUnit,
    xLabel: unit,
  });
  const by = (id: string, title: string, groups: KpiFiguresFragment[], label: (key: string) => string): ChartProps => ({
    id,
    title,
    kind: 'category',
    labels: groups.map((group) => label(group.key)),
    series: [
      { label: 'Conversations', values: groups.map((group) => group.conversations) },
      { label: 'Resolved', values: groups.map((group) => group.resolved) },
    ],
    xLabel: id.endsWith('channel') ? 'Channel' : 'Assignee',
  });
  return [
    over('conversations', `Conversations opened per ${unit.toLowerCase()}`, [
      { label: 'Conversations', values: time.map((group) => group.conversations) },
      { label: 'Resolved', values: time.map((group) => group.resolved) },
    ]),
    over('resolution-rate', 'Resolution rate', [{ label: 'Resolution rate', values: time.map((group) => percent(group.resolutionRate)) }], '%'),
    over(
      'first-response',
      'First response time',
      [
        { label: 'Clock time', values: time.map((group) => hours(group.averageFirstResponseTimeMs)) },
        { label: 'Business hours', values: time.map((group) => hours(group.averageFirstResponseBusinessTimeMs)) },
      ],
      'hours',
    ),
    over(
      'resolution-time',
      'Resolution time',
      [
        { label: 'Clock time', values: time.map((group) => hours(group.averageResolutionTimeMs)) },
        { label: 'Business hours', values: time.map((group) => hours(group.averageResolutionBusinessTimeMs)) },
      ],
      'hours',
    ),
    by('by-channel', 'Conversations by channel', data.byChannel.groups, (key) => key),
    by('by-assignee', 'Conversations by assignee', data.byAssignee.groups, (key) => (key === 'unassigned' ? 'Unassigned' : (names.get(key) ?? key))),
  ];
}

function Survey(props: { id: string; title: string; unit: string; state: QueryState<{ label: string; x: number; value: number | null; responses: number }[]> }) {
  const chart = useMemo<ChartProps | undefined>(() => {
    const points = props.state.data;
    if (!points) return undefined;
    return {
      id: props.id,
      title: props.title,
      kind: 'time',
      labels: points.map((point) => `${point.label} (${point.responses} answer${point.responses === 1 ? '' : 's'})`),
      x: points.map((point) => point.x),
      series: [{ label: props.id.toUpperCase(), values: points.map((point) => point.value) }],
      unit: props.unit,
      xLabel: 'Week',
    };
  }, [props.state.data]);
  if (props.state.error) return <Unavailable title={props.title} error={props.state.error} />;
  return chart ? <Chart {...chart} /> : <p class="muted">Loading {props.title}…</p>;
}

function Distribution(props: { id: string; title: string; state: QueryState<{ label: string; low: number; count: number }[]> }) {
  const chart = useMemo<ChartProps | undefined>(() => {
    const buckets = props.state.data;
    if (!buckets) return undefined;
    return { id: props.id, title: props.title, kind: 'category', labels: buckets.map((bucket) => bucket.label), ticks: buckets.map((bucket) => String(bucket.low)), series: [{ label: 'Customers', values: buckets.map((bucket) => bucket.count) }], xLabel: 'Score' };
  }, [props.state.data]);
  if (props.state.error) return <Unavailable title={props.title} error={props.state.error} />;
  return chart ? <Chart {...chart} /> : <p class="muted">Loading {props.title}…</p>;
}

function Unavailable(props: { title: string; error: string }) {
  return (
    <figure class="chart">
      <figcaption>
        <strong>{props.title}</strong>
      </figcaption>
      <p class="error">Not available: {props.error}</p>
    </figure>
  );
}
