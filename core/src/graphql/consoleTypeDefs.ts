/**
 * The console's panels that plugins contribute (contract §15; docs/plugin-contributions.md#views):
 * which views the deployment's plugins declare, and where the console loads each one from.
 */
export const consoleTypeDefs = /* GraphQL */ `
  "Where the console shows a plugin's view (contributes.views[].location)."
  enum ConsoleViewLocation {
    "On a customer's page (/console/customers/<id>); the view gets the customer's global id."
    CUSTOMER
    "On a conversation's page (/console/conversations/<id>); the view gets the conversation's global id."
    CONVERSATION
    "On the dashboard (/console/dashboard); the view gets no object id."
    DASHBOARD
  }

  """
  A panel a plugin contributes to the console (contributes.views), as VS Code's views: an ES module
  the console imports in the browser and renders into the panel. It runs with the signed-in
  user's credential, so it can do exactly what that user may.
  """
  type ConsoleView @authenticated {
    "The view's id, unique within its plugin (contributes.views[].id)."
    id: ID!
    "The panel's heading, from the manifest."
    title: String!
    "Where the console shows it."
    location: ConsoleViewLocation!
    "The package name of the plugin that contributes it."
    plugin: String!
    "The state of that plugin."
    state: PluginState!
    "Whether the console can show it now: its plugin is INSTALLED (activated when its fields are first used) or ACTIVE."
    available: Boolean!
    "Why it cannot be shown, for a person to read (the plugin's state and error); null when available."
    unavailableReason: String
    """
    The URL path of the view's module (/console/plugin-views/<plugin, URL-encoded>/<id>.js), to
    import() from the console's origin; null when the view is not available.
    """
    moduleUrl: String
  }

  extend type Query {
    """
    The views of the deployment's plugins, in the order the plugins load and then as each manifest
    lists them, whatever the plugin's state: a view whose plugin cannot serve is listed with
    available false and the reason. Any signed-in user may read it.
    """
    consoleViews("Only the views shown there; every location without it." location: ConsoleViewLocation): [ConsoleView!]! @authenticated
  }
`;
