import { useQuery } from '../useQuery.js';
import { ViewPanel, type ConsoleViewInfo } from './ViewPanel.js';

/**
 * Where plugin-contributed views (`contributes.views`) appear: one panel per view of `location`,
 * each loaded lazily (its module is imported when the page opens) and isolated (a view that
 * throws shows an error in its own panel; the page goes on). Plugins get a DOM element, not
 * Preact (docs/plugin-contributions.md#views).
 */
export interface PluginViewsProps {
  location: 'customer' | 'conversation' | 'dashboard';
  objectId?: string;
  graphql: (query: string, variables?: Record<string, unknown>) => Promise<unknown>;
}

const CONSOLE_VIEWS = `query ConsoleViews($location: ConsoleViewLocation) {
  consoleViews(location: $location) { id title plugin state available unavailableReason moduleUrl }
}`;

export function PluginViews({ location, objectId, graphql }: PluginViewsProps) {
  const views = useQuery(
    async () => ((await graphql(CONSOLE_VIEWS, { location: location.toUpperCase() })) as { consoleViews: ConsoleViewInfo[] }).consoleViews,
    [location, graphql],
  );
  if (views.error) {
    return (
      <p class="notice" data-plugin-views={location}>
        Plugins' panels could not be listed: {views.error}
      </p>
    );
  }
  if (!views.data?.length) return null;
  return (
    <div class="grid plugin-views" data-plugin-views={location}>
      {views.data.map((view) => (
        <ViewPanel key={`${view.plugin}/${view.id}`} view={view} objectId={objectId} graphql={graphql} />
      ))}
    </div>
  );
}
