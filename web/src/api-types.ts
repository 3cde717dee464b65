/**
 * The Vigil API's types, generated from /openapi.json by `npm run gen:api` (scripts/gen-api.ts with
 * openapi-typescript). Do not edit: change the route schemas in src/service/http/ and run the script.
 */

export type paths = {
  "/healthz": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness and database reachability */
    get: operations["getHealthz"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/account": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's account, its organization (if any) and its roles there */
    get: operations["getV1Account"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/keys": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the caller's account's API keys (ids and names, never the keys) */
    get: operations["getV1Keys"];
    put?: never;
    /** Issue a new API key for the caller's account (the key is in this response only) */
    post: operations["postV1Keys"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/keys/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of the caller's account's API keys */
    delete: operations["deleteV1KeysId"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/organization": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's organization and the caller's roles in it (404 when it has none) */
    get: operations["getV1Organization"];
    put?: never;
    /** Create an organization; the caller becomes its management account */
    post: operations["postV1Organization"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/organization/delegated-admin": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Appoint or replace the delegated administrator (management account only) */
    put: operations["putV1OrganizationDelegatedAdmin"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/organization/members": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List member accounts (management account and delegated administrator) */
    get: operations["getV1OrganizationMembers"];
    put?: never;
    /** Associate an account as a member (delegated administrator only) */
    post: operations["postV1OrganizationMembers"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/organization/members/{accountId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Disassociate a member account (delegated administrator only) */
    delete: operations["deleteV1OrganizationMembersAccountId"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/activation": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Scan type activation of the caller's account (and, for a delegated administrator, its members) */
    get: operations["getV1Activation"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/activation/enable": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enable scan types (resources with an inventory are re-matched by a job) */
    post: operations["postV1ActivationEnable"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/activation/disable": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Disable scan types: closes their findings and sets coverage NOT_SCANNING / SCAN_TYPE_DISABLED */
    post: operations["postV1ActivationDisable"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/resources": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List resources the caller may see, in creation order */
    get: operations["getV1Resources"];
    put?: never;
    /** Register a resource (409 when the account has one of this type and name) */
    post: operations["postV1Resources"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/resources/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One resource with its coverage */
    get: operations["getV1ResourcesId"];
    put?: never;
    post?: never;
    /** Delete a resource with its inventory and findings */
    delete: operations["deleteV1ResourcesId"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/resources/{id}/tags": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace a resource's tags (tag vigil:exclude takes it out of scanning and closes its findings) */
    put: operations["putV1ResourcesIdTags"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/resources/{id}/inventory": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The resource's latest inventory, as CycloneDX 1.6 JSON */
    get: operations["getV1ResourcesIdInventory"];
    /** Submit the resource's inventory (Vigil inventory JSON or CycloneDX 1.4-1.6 JSON): stored, then the resource is re-matched */
    put: operations["putV1ResourcesIdInventory"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/inventories": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Submit an inventory with the resource's identity (what `vigil scan --submit` and agents call): the resource is created when new */
    post: operations["postV1Inventories"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agents/heartbeat": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A host agent is alive and its inventory unchanged: updates the host's lastAgentSeenAt (404 when the host has no inventory yet: send it) */
    post: operations["postV1AgentsHeartbeat"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/hosts/ssh": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the hosts registered for agentless scanning */
    get: operations["getV1HostsSsh"];
    put?: never;
    /** Register a host for agentless scanning over SSH (key authentication, pinned host key); the first scan is queued at once */
    post: operations["postV1HostsSsh"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/hosts/ssh/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One agentless host, by its resource id: last scan, last error, scan mode in use */
    get: operations["getV1HostsSshId"];
    put?: never;
    post?: never;
    /** Stop scanning a host over SSH and forget its key (the host and its findings stay) */
    delete: operations["deleteV1HostsSshId"];
    options?: never;
    head?: never;
    /** Change an agentless host: address, key, host key (null: trust the next one presented), interval, scan mode */
    patch: operations["patchV1HostsSshId"];
    trace?: never;
  };
  "/v1/hosts/ssh/{id}/scan": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue an agentless scan of the host now (hybrid: skipped while its agent is live) */
    post: operations["postV1HostsSshIdScan"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/findings/trends": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Daily counts over the last `days` UTC days: findings open at the end of each day, first observed and closed that day */
    get: operations["getV1FindingsTrends"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/findings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List findings the caller may see (default status ACTIVE), sorted, one page at a time */
    get: operations["getV1Findings"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/findings/aggregations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Finding counts by severity, resource, vulnerability, package or account (same filters as the listing) */
    get: operations["getV1FindingsAggregations"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/findings/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One finding (any status) */
    get: operations["getV1FindingsId"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/functions/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One function: its resource (tags, coverage), its latest version and its recent versions */
    get: operations["getV1FunctionsName"];
    /** Deploy a function: runtime, code zip and layer zips (base64). A changed runtime, code or layer set is a new version, inventoried by a job and re-matched (only the latest version is monitored); an identical deploy changes nothing and says so */
    put: operations["putV1FunctionsName"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/functions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the deployed functions the caller may see, with their latest version */
    get: operations["getV1Functions"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/coverage": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Coverage counts by resource type and not-scanning reason (list resources with GET /v1/resources?coverageStatus=) */
    get: operations["getV1Coverage"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/suppression-rules": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the suppression rules of the accounts the caller sees */
    get: operations["getV1SuppressionRules"];
    put?: never;
    /** Create a suppression rule; the ACTIVE findings it covers become SUPPRESSED at once */
    post: operations["postV1SuppressionRules"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/suppression-rules/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One suppression rule */
    get: operations["getV1SuppressionRulesId"];
    put?: never;
    post?: never;
    /** Delete a suppression rule; findings no other rule covers become ACTIVE at once */
    delete: operations["deleteV1SuppressionRulesId"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Mutating API calls of the caller's account (a delegated administrator: also its members), newest first */
    get: operations["getV1Audit"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhooks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the webhooks of the accounts the caller sees */
    get: operations["getV1Webhooks"];
    put?: never;
    /** Register a webhook: events of the caller's account(s) are POSTed to it, signed (secret shown once) */
    post: operations["postV1Webhooks"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhooks/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One webhook */
    get: operations["getV1WebhooksId"];
    put?: never;
    post?: never;
    /** Delete a webhook and its pending deliveries */
    delete: operations["deleteV1WebhooksId"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhooks/{id}/deliveries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A webhook's latest deliveries, newest first: status, attempts, next attempt, last error */
    get: operations["getV1WebhooksIdDeliveries"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/registries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the registries of the accounts the caller sees */
    get: operations["getV1Registries"];
    put?: never;
    /** Connect an OCI registry; with image scanning enabled, its images pushed in the last 14 days are picked up (the notification token is shown once) */
    post: operations["postV1Registries"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/registries/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One registry */
    get: operations["getV1RegistriesId"];
    put?: never;
    post?: never;
    /** Disconnect a registry (its images' resources and findings stay) */
    delete: operations["deleteV1RegistriesId"];
    options?: never;
    head?: never;
    /** Change a registry (null clears username, password or repositories) */
    patch: operations["patchV1RegistriesId"];
    trace?: never;
  };
  "/v1/registries/{id}/images": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The registry's images: tags, push date, last pull and coverage */
    get: operations["getV1RegistriesIdImages"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/registries/{id}/notifications": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The registry's notification endpoint (application/vnd.docker.distribution.events.v1+json): a push scans the image, a pull records it; authenticated by the registry's notification token, not an API key */
    post: operations["postV1RegistriesIdNotifications"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/configuration": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account's configuration: imageRescan durations (defaults DAYS_14 / DAYS_14) */
    get: operations["getV1Configuration"];
    /** Replace the account's configuration; an image stays monitored while pushed within imageRescan.pushDate or pulled within imageRescan.pullDate. The account's images are re-evaluated */
    put: operations["putV1Configuration"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/reports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List findings reports, newest first: the caller's, and its members' for a delegated administrator */
    get: operations["getV1Reports"];
    put?: never;
    /** Start a findings report of a filter (the filters of GET /v1/findings) */
    post: operations["postV1Reports"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/reports/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Status of a findings report */
    get: operations["getV1ReportsId"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/reports/{id}/download": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the file of a finished findings report (409 NOT_READY until it has SUCCEEDED) */
    get: operations["getV1ReportsIdDownload"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/sbom-exports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List SBOM exports, newest first: the caller's, and its members' for a delegated administrator */
    get: operations["getV1SbomExports"];
    put?: never;
    /** Start an SBOM export (one resource: one document; otherwise a zip of one document per resource) */
    post: operations["postV1SbomExports"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/exports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List findings reports and SBOM exports together (or one kind), newest first: the caller's, and its members' for a delegated administrator */
    get: operations["getV1Exports"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/sbom-exports/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Status of an SBOM export */
    get: operations["getV1SbomExportsId"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/sbom-exports/{id}/download": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the file of a finished SBOM export (409 NOT_READY until it has SUCCEEDED) */
    get: operations["getV1SbomExportsIdDownload"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Events of the accounts the caller sees, oldest first, after an event id */
    get: operations["getV1Events"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/events/stream": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-sent events (text/event-stream) of the accounts the caller sees, as they are appended; each has `id:` (send it back as Last-Event-ID to resume), `event:` (its type) and `data:` (an Event as JSON) */
    get: operations["getV1EventsStream"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/openapi.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document: the OpenAPI 3.1 description of every route */
    get: operations["getOpenapi.json"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    Error: {
      error: {
        /** @description stable machine-readable code, e.g. NOT_FOUND, VALIDATION_ERROR */
        code: string;
        message: string;
        /** @description 500 only: quote it when reporting the problem */
        requestId?: string;
      };
    };
    Account: {
      id: string;
      name: string;
      createdAt: string;
    };
    Organization: {
      id: string;
      name: string;
      managementAccountId: string;
      delegatedAdminAccountId: string | null;
      createdAt: string;
      updatedAt: string;
      roles: ("MANAGEMENT" | "DELEGATED_ADMIN" | "MEMBER")[];
    };
    NewApiKey: {
      id: string;
      name: string;
      createdAt: string;
      revokedAt: string | null;
      /** @description the API key, shown this once */
      key: string;
    };
    ApiKey: {
      id: string;
      name: string;
      createdAt: string;
      revokedAt: string | null;
    };
    Member: {
      accountId: string;
      name: string;
      associatedAt: string;
    };
    AccountActivation: {
      accountId: string;
      scanTypes: {
        [key: string]: "ENABLED" | "DISABLED";
      };
    };
    ActivationChange: {
      accounts: components["schemas"]["AccountActivation"][];
      closedFindings: number;
      reevaluationJobId: string | null;
    };
    Resource: {
      id: string;
      accountId: string;
      /** @enum {string} */
      type: "host" | "image" | "function" | "repository";
      name: string;
      tags: {
        [key: string]: string;
      };
      coverage: {
        /** @enum {string} */
        status: "SCANNING" | "NOT_SCANNING";
        reason:
          | (
              | "PENDING_INITIAL_SCAN"
              | "EXCLUDED_BY_TAG"
              | "UNSUPPORTED_OS"
              | "SCAN_ELIGIBILITY_EXPIRED"
              | "STALE_INVENTORY"
              | "SCAN_TYPE_DISABLED"
              | "ERROR"
            )
          | null;
        detail: string | null;
      };
      pushedAt: string | null;
      inventoryAt: string | null;
      lastScannedAt: string | null;
      createdAt: string;
      updatedAt: string;
      /** @description hosts: when the host's agent last reported (inventory or heartbeat) */
      lastAgentSeenAt: string | null;
      /** @description who collected the current inventory */
      collector: components["schemas"]["Collector"] | null;
      /** @description hosts: who scans it now, its agent or agentless SSH (hybrid mode); null when neither */
      scanMode: ("AGENT" | "AGENTLESS") | null;
    };
    Collector: {
      /** @enum {string} */
      kind: "agent" | "agentless" | "ci";
      /** @description the collector's Vigil version */
      version?: string;
      /** @description hosts: the running kernel release */
      kernel?: string;
      /** @description hosts: listening sockets (from /proc/net) */
      listeningPorts?: {
        /** @enum {string} */
        protocol: "tcp" | "tcp6" | "udp" | "udp6";
        address: string;
        port: number;
      }[];
    };
    EvaluationSummary: {
      resource: components["schemas"]["Resource"];
      evaluated: boolean;
      created: number;
      updated: number;
      reopened: number;
      closed: number;
      open: number;
    };
    CollectorInput: {
      /** @enum {string} */
      kind: "agent" | "agentless" | "ci";
      /** @description the collector's Vigil version */
      version?: string;
      /** @description hosts: the running kernel release */
      kernel?: string;
      /** @description hosts: listening sockets (from /proc/net) */
      listeningPorts?: {
        /** @enum {string} */
        protocol: "tcp" | "tcp6" | "udp" | "udp6";
        address: string;
        port: number;
      }[];
    };
    AgentlessHost: {
      resourceId: string;
      accountId: string;
      name: string;
      address: string;
      port: number;
      username: string;
      /** @description the pinned host key; null until the first connection records it (trust on first use) */
      hostKey: string | null;
      /** @enum {string} */
      hostKeySource: "pinned" | "first-use";
      root: string;
      /**
       * @description hybrid (default): the agent while it is live, else SSH; agent or agentless: always that one
       * @enum {string}
       */
      mode: "hybrid" | "agent" | "agentless";
      intervalHours: number;
      /** @description who scans the host now */
      scanMode: ("AGENT" | "AGENTLESS") | null;
      lastScanAt: string | null;
      /** @description why the last scan failed (also the host's coverage) */
      lastError: string | null;
      createdAt: string;
      updatedAt: string;
    };
    FindingTrends: {
      days: {
        date: string;
        /** @description not CLOSED at the end of the day */
        open: number;
        new: number;
        closed: number;
      }[];
    };
    Finding: {
      id: string;
      resourceId: string;
      accountId: string;
      /** @enum {string} */
      resourceType: "host" | "image" | "function" | "repository";
      /** @enum {string} */
      type: "PACKAGE_VULNERABILITY" | "NETWORK_REACHABILITY" | "CODE_VULNERABILITY" | "END_OF_LIFE";
      vulnerabilityId: string;
      aliases: string[];
      title: string;
      description?: string;
      package?: {
        name: string;
        version: string;
        ecosystem: string;
        purl: string;
        source?: {
          name: string;
          version: string;
        };
        locations: string[];
        layer?: string;
        dev?: boolean;
        direct?: boolean;
        licenses?: string[];
        foundBy: string;
        metadata?: {
          [key: string]: string;
        };
      };
      fixedVersions: string[];
      /** @enum {string} */
      fixAvailable: "YES" | "NO" | "PARTIAL";
      remediation: string;
      cvss: {
        /** @enum {string} */
        version: "2.0" | "3.0" | "3.1" | "4.0";
        vector: string;
        baseScore: number;
        source: string;
        /** @enum {string} */
        kind?: "Primary" | "Secondary";
      }[];
      epss?: {
        score: number;
        percentile: number;
        date: string;
      };
      kev?: {
        dateAdded: string;
        dueDate?: string;
        knownRansomwareCampaignUse?: string;
      };
      references: {
        type: string;
        url: string;
      }[];
      eol?: {
        product: string;
        cycle: string;
        date: string;
      };
      /** @description code findings: rule, CWE, file, lines, redacted snippet, fingerprint */
      code?: {
        /** @description the rule, detector or check (also the finding's vulnerabilityId) */
        ruleId: string;
        /** @enum {string} */
        scanner: "sast" | "secrets" | "iac";
        cwe: string[];
        location: {
          /** @description the file inside the deployment package or layer */
          path: string;
          startLine: number;
          endLine: number;
          startColumn?: number;
          endColumn?: number;
        };
        /** @description functions: the deployment package (code) or the layer the file is in */
        origin?: {
          /** @enum {string} */
          kind: "code" | "layer";
          name: string;
        };
        message: string;
        /** @description the matched lines, secrets redacted */
        snippet: string;
        /** @description the engine's fingerprint (no line numbers): the finding's identity in its resource */
        fingerprint: string;
        evidence?: {
          [key: string]: string;
        };
      };
      /** @enum {string} */
      severity: "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED";
      risk: {
        score: number;
        /** @enum {string} */
        severity: "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED";
        breakdown: {
          /**
           * @description package findings: base, kev, epss, network, distro; code findings: base, evidence, location
           * @enum {string}
           */
          factor: "base" | "kev" | "epss" | "network" | "distro" | "evidence" | "location";
          description: string;
          delta: number;
          score: number;
        }[];
      };
      /** @enum {string} */
      status: "ACTIVE" | "SUPPRESSED" | "CLOSED";
      statusReason: string | null;
      firstObservedAt: string;
      lastObservedAt: string;
      updatedAt: string;
      closedAt: string | null;
    };
    Function: {
      version: number;
      runtime: string;
      /** @description hex SHA-256 of the deployment package zip */
      codeSha256: string;
      codeSize: number;
      layers: {
        /** @description as given, else layer-<n> */
        name: string;
        /** @description hex SHA-256 of the layer zip */
        sha256: string;
        size: number;
      }[];
      deployedAt: string;
      scan: {
        /** @enum {string} */
        status: "PENDING" | "SCANNED" | "FAILED" | "SUPERSEDED";
        /** @description FAILED: why the bundle could not be read */
        error: string | null;
        packages: number | null;
        scannedAt: string | null;
      };
      /** @description the code pass of this version (findings: GET /v1/findings?type=CODE_VULNERABILITY) */
      codeScan: {
        /** @description SKIPPED: code scanning is off for the function (codeCoverage says why) */
        status: ("PENDING" | "SCANNED" | "FAILED" | "SKIPPED") | null;
        /** @description FAILED: why the bundle's code could not be read */
        error: string | null;
        /** @description code findings the pass found */
        findings: number | null;
        scannedAt: string | null;
      };
      name: string;
      accountId: string;
      resource: components["schemas"]["Resource"];
      /** @description whether the function's code is scanned: function and functionCode enabled and no vigil:exclude tag (reason SCAN_TYPE_DISABLED or EXCLUDED_BY_TAG when not) */
      codeCoverage: {
        /** @enum {string} */
        status: "SCANNING" | "NOT_SCANNING";
        reason: string | null;
        detail: string | null;
      };
    };
    CoverageSummary: {
      total: number;
      scanning: number;
      notScanning: number;
      byType: {
        [key: string]: {
          scanning: number;
          notScanning: number;
        };
      };
      byReason: {
        [key: string]: {
          total: number;
          byType: {
            [key: string]: number;
          };
        };
      };
    };
    SuppressionRule: {
      id: string;
      accountId: string;
      name: string;
      reason: string;
      /** @constant */
      action: "suppress";
      filters: {
        severity?: ("INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED")[];
        vulnerabilityId?: string;
        packageName?: string;
        packageVersion?: string;
        resourceType?: ("host" | "image" | "function" | "repository")[];
        resourceId?: string;
        resourceTag?: {
          key: string;
          value: string;
        };
        fixAvailable?: ("YES" | "NO" | "PARTIAL")[];
        minRisk?: number;
        maxRisk?: number;
        findingType?: (
          | "PACKAGE_VULNERABILITY"
          | "NETWORK_REACHABILITY"
          | "CODE_VULNERABILITY"
          | "END_OF_LIFE"
        )[];
      };
      createdAt: string;
    };
    AuditEntry: {
      id: string;
      at: string;
      accountId: string | null;
      apiKeyId: string | null;
      method: string;
      /** @description the route pattern, e.g. /v1/resources/:id */
      route: string;
      targetId: string | null;
      statusCode: number;
      sourceAddress: string;
      requestId: string;
    };
    Webhook: {
      id: string;
      accountId: string;
      url: string;
      /** @description empty: every event type */
      eventTypes: string[];
      createdAt: string;
    };
    WebhookDelivery: {
      id: string;
      eventId: string;
      eventType: string;
      /** @enum {string} */
      status: "pending" | "delivered" | "failed";
      attempts: number;
      nextAttemptAt: string | null;
      lastError: string | null;
      lastStatusCode: number | null;
      createdAt: string;
      updatedAt: string;
    };
    Registry: {
      id: string;
      accountId: string;
      name: string;
      url: string;
      username: string | null;
      /** @description the password itself is never returned */
      hasPassword: boolean;
      repositories: string[] | null;
      inclusionRules: string[];
      pollIntervalMinutes: number;
      lastListedAt: string | null;
      lastError: string | null;
      createdAt: string;
      updatedAt: string;
    };
    RegistryImage: {
      resourceId: string;
      registryId: string;
      repository: string;
      digest: string;
      tags: string[];
      pushedAt: string;
      lastPulledAt: string | null;
      lastScanError: string | null;
      coverage: {
        status: string;
        reason: string | null;
      };
    };
    AccountConfiguration: {
      /**
       * @default {
       *       "pushDate": "DAYS_14",
       *       "pullDate": "DAYS_14"
       *     }
       */
      imageRescan: components["schemas"]["ImageRescanDurations"];
    } & {
      [key: string]: unknown;
    };
    ImageRescanDurations: {
      /**
       * @description an image pushed within this stays monitored (LIFETIME: always)
       * @default DAYS_14
       * @enum {string}
       */
      pushDate: "DAYS_14" | "DAYS_30" | "DAYS_60" | "DAYS_90" | "DAYS_180" | "LIFETIME";
      /**
       * @description an image pulled within this stays monitored
       * @default DAYS_14
       * @enum {string}
       */
      pullDate: "DAYS_14" | "DAYS_30" | "DAYS_60" | "DAYS_90" | "DAYS_180";
    };
    AccountConfigurationInput: {
      /**
       * @default {
       *       "pushDate": "DAYS_14",
       *       "pullDate": "DAYS_14"
       *     }
       */
      imageRescan: components["schemas"]["ImageRescanDurationsInput"];
    } & {
      [key: string]: unknown;
    };
    ImageRescanDurationsInput: {
      /**
       * @description an image pushed within this stays monitored (LIFETIME: always)
       * @default DAYS_14
       * @enum {string}
       */
      pushDate: "DAYS_14" | "DAYS_30" | "DAYS_60" | "DAYS_90" | "DAYS_180" | "LIFETIME";
      /**
       * @description an image pulled within this stays monitored
       * @default DAYS_14
       * @enum {string}
       */
      pullDate: "DAYS_14" | "DAYS_30" | "DAYS_60" | "DAYS_90" | "DAYS_180";
    };
    Export: {
      id: string;
      /** @enum {string} */
      kind: "findings-report" | "sbom-export";
      format: string;
      /** @enum {string} */
      status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
      error: string | null;
      createdAt: string;
      updatedAt: string;
      /** @description GET this once status is SUCCEEDED */
      downloadPath: string | null;
    };
    Event: {
      id: string;
      type: string;
      accountId: string;
      subjectId: string;
      createdAt: string;
      payload: {
        [key: string]: unknown;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  getHealthz: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            status: "ok";
            /** @enum {string} */
            database: "sqlite" | "postgres";
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Account: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            account: components["schemas"]["Account"];
            organization: components["schemas"]["Organization"] | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Keys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["ApiKey"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Keys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["NewApiKey"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1KeysId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ApiKey"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Organization: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Organization"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Organization: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Organization"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  putV1OrganizationDelegatedAdmin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          accountId: string;
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Organization"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1OrganizationMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Member"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1OrganizationMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          accountId: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Member"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1OrganizationMembersAccountId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        accountId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Activation: {
    parameters: {
      query?: {
        /** @description only these accounts (comma-separated) */
        accountIds?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["AccountActivation"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1ActivationEnable: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description scan types to change, or "ALL" */
          scanTypes: "ALL" | ("host" | "image" | "function" | "functionCode" | "repository")[];
          /** @description delegated administrator: member accounts to change (default: the caller's) */
          accountIds?: string[];
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ActivationChange"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1ActivationDisable: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description scan types to change, or "ALL" */
          scanTypes: "ALL" | ("host" | "image" | "function" | "functionCode" | "repository")[];
          /** @description delegated administrator: member accounts to change (default: the caller's) */
          accountIds?: string[];
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ActivationChange"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Resources: {
    parameters: {
      query?: {
        type?: "host" | "image" | "function" | "repository";
        coverageStatus?: "SCANNING" | "NOT_SCANNING";
        accountId?: string;
        limit?: number;
        /** @description nextCursor of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Resource"][];
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Resources: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          type: "host" | "image" | "function" | "repository";
          /** @description host name, image reference (repo@digest), function name, repository URL */
          name: string;
          tags?: {
            [key: string]: string;
          };
          /**
           * Format: date-time
           * @description images: when the image was pushed
           */
          pushedAt?: string;
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resource"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1ResourcesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resource"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1ResourcesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  putV1ResourcesIdTags: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          tags: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EvaluationSummary"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1ResourcesIdInventory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            bomFormat: "CycloneDX";
            specVersion: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  putV1ResourcesIdInventory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json":
          | {
              target: {
                /** @enum {string} */
                kind: "directory" | "docker-archive" | "oci-layout" | "registry" | "zip" | "sbom" | "host";
                ref: string;
                digest?: string;
                layers?: {
                  digest: string;
                  createdBy?: string;
                  size?: number;
                }[];
                platform?: string;
                tags?: string[];
              };
              os?: {
                id: string;
                versionId?: string;
                versionCodename?: string;
                prettyName?: string;
                idLike?: string[];
                ecosystem?: string;
              };
              kernel?: string;
              packages: {
                name: string;
                version: string;
                ecosystem: string;
                purl: string;
                source?: {
                  name: string;
                  version: string;
                };
                /** @default [] */
                locations?: string[];
                layer?: string;
                dev?: boolean;
                direct?: boolean;
                licenses?: string[];
                /** @default submitted */
                foundBy?: string;
                metadata?: {
                  [key: string]: string;
                };
              }[];
              /** @default [] */
              runtimes?: {
                product: string;
                version: string;
                location: string;
                layer?: string;
              }[];
              listeners?: {
                /** @enum {string} */
                protocol: "tcp" | "tcp6" | "udp" | "udp6";
                address: string;
                port: number;
                process?: string;
              }[];
              /** @default [] */
              problems?: {
                path: string;
                by: string;
                message: string;
              }[];
              /** Format: date-time */
              createdAt: string;
            }
          | ({
              /** @constant */
              bomFormat: "CycloneDX";
              specVersion: string;
            } & {
              [key: string]: unknown;
            });
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EvaluationSummary"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Inventories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          resource: {
            /** @enum {string} */
            type: "host" | "image" | "function" | "repository";
            /** @description host name, image reference (repo@digest), function name, repository URL */
            name: string;
            tags?: {
              [key: string]: string;
            };
            /**
             * Format: date-time
             * @description images: when the image was pushed
             */
            pushedAt?: string;
            /** @description delegated administrator: the member account (default: the caller's) */
            accountId?: string;
          };
          inventory:
            | {
                target: {
                  /** @enum {string} */
                  kind: "directory" | "docker-archive" | "oci-layout" | "registry" | "zip" | "sbom" | "host";
                  ref: string;
                  digest?: string;
                  layers?: {
                    digest: string;
                    createdBy?: string;
                    size?: number;
                  }[];
                  platform?: string;
                  tags?: string[];
                };
                os?: {
                  id: string;
                  versionId?: string;
                  versionCodename?: string;
                  prettyName?: string;
                  idLike?: string[];
                  ecosystem?: string;
                };
                kernel?: string;
                packages: {
                  name: string;
                  version: string;
                  ecosystem: string;
                  purl: string;
                  source?: {
                    name: string;
                    version: string;
                  };
                  /** @default [] */
                  locations?: string[];
                  layer?: string;
                  dev?: boolean;
                  direct?: boolean;
                  licenses?: string[];
                  /** @default submitted */
                  foundBy?: string;
                  metadata?: {
                    [key: string]: string;
                  };
                }[];
                /** @default [] */
                runtimes?: {
                  product: string;
                  version: string;
                  location: string;
                  layer?: string;
                }[];
                listeners?: {
                  /** @enum {string} */
                  protocol: "tcp" | "tcp6" | "udp" | "udp6";
                  address: string;
                  port: number;
                  process?: string;
                }[];
                /** @default [] */
                problems?: {
                  path: string;
                  by: string;
                  message: string;
                }[];
                /** Format: date-time */
                createdAt: string;
              }
            | ({
                /** @constant */
                bomFormat: "CycloneDX";
                specVersion: string;
              } & {
                [key: string]: unknown;
              });
          collector?: components["schemas"]["CollectorInput"];
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EvaluationSummary"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1AgentsHeartbeat: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description the host resource's name */
          hostName: string;
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            resourceId: string;
            hostName: string;
            lastAgentSeenAt: string;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1HostsSsh: {
    parameters: {
      query?: {
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["AgentlessHost"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1HostsSsh: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description the host resource's name (an agent's host name) */
          name: string;
          address: string;
          /** @default 22 */
          port?: number;
          username: string;
          /** @description unencrypted OpenSSH or PEM private key; stored sealed (AES-256-GCM), never shown again */
          privateKey: string;
          /** @description the host's public key line (`ssh-ed25519 AAAA...`) or fingerprint (`SHA256:...`); omitted: trusted on first use, then enforced */
          hostKey?: string;
          /** @description where the host's system is as the SSH user sees it (default /) */
          root?: string;
          /**
           * @description hours between scans (default 24)
           * @default 24
           */
          intervalHours?: number;
          /**
           * @description hybrid (default): the agent while it is live, else SSH; agent or agentless: always that one
           * @default hybrid
           * @enum {string}
           */
          mode?: "hybrid" | "agent" | "agentless";
          tags?: {
            [key: string]: string;
          };
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgentlessHost"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1HostsSshId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgentlessHost"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1HostsSshId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  patchV1HostsSshId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          address?: string;
          port?: number;
          username?: string;
          /** @description unencrypted OpenSSH or PEM private key; stored sealed (AES-256-GCM), never shown again */
          privateKey?: string;
          hostKey?: string | null;
          /** @description where the host's system is as the SSH user sees it (default /) */
          root?: string;
          /** @description hours between scans (default 24) */
          intervalHours?: number;
          /**
           * @description hybrid (default): the agent while it is live, else SSH; agent or agentless: always that one
           * @enum {string}
           */
          mode?: "hybrid" | "agent" | "agentless";
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgentlessHost"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1HostsSshIdScan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            jobId: string;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1FindingsTrends: {
    parameters: {
      query?: {
        days?: number;
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
        /** @description comma-separated, any of: host, image, function, repository */
        resourceType?: string | string[];
        /** @description comma-separated, any of: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED */
        severity?: string | string[];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["FindingTrends"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Findings: {
    parameters: {
      query?: {
        /** @description comma-separated, any of: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED */
        severity?: string | string[];
        /** @description comma-separated, any of: ACTIVE, SUPPRESSED, CLOSED (default ACTIVE) */
        status?: string | string[];
        vulnerabilityId?: string;
        packageName?: string;
        /** @description comma-separated, any of: host, image, function, repository */
        resourceType?: string | string[];
        resourceId?: string;
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
        /** @description comma-separated, any of: YES, NO, PARTIAL */
        fixAvailable?: string | string[];
        /** @description comma-separated, any of: PACKAGE_VULNERABILITY, NETWORK_REACHABILITY, CODE_VULNERABILITY, END_OF_LIFE */
        type?: string | string[];
        minRisk?: number;
        maxRisk?: number;
        sortBy?: "risk" | "severity" | "updatedAt" | "firstObservedAt";
        order?: "asc" | "desc";
        limit?: number;
        /** @description nextCursor of the previous page (same sort) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Finding"][];
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1FindingsAggregations: {
    parameters: {
      query: {
        /** @description comma-separated, any of: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED */
        severity?: string | string[];
        /** @description comma-separated, any of: ACTIVE, SUPPRESSED, CLOSED (default ACTIVE) */
        status?: string | string[];
        vulnerabilityId?: string;
        packageName?: string;
        /** @description comma-separated, any of: host, image, function, repository */
        resourceType?: string | string[];
        resourceId?: string;
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
        /** @description comma-separated, any of: YES, NO, PARTIAL */
        fixAvailable?: string | string[];
        /** @description comma-separated, any of: PACKAGE_VULNERABILITY, NETWORK_REACHABILITY, CODE_VULNERABILITY, END_OF_LIFE */
        type?: string | string[];
        minRisk?: number;
        maxRisk?: number;
        by: "severity" | "resource" | "vulnerability" | "package" | "account";
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            by: "severity" | "resource" | "vulnerability" | "package" | "account";
            groups: {
              key: string;
              label?: {
                [key: string]: string;
              };
              total: number;
              counts: {
                INFORMATIONAL: number;
                LOW: number;
                MEDIUM: number;
                HIGH: number;
                CRITICAL: number;
                UNTRIAGED: number;
              };
              /** @description by=vulnerability: its title, CISA KEV entry and EPSS score */
              vulnerability?: {
                title: string;
                kev?: {
                  dateAdded: string;
                  dueDate?: string;
                  knownRansomwareCampaignUse?: string;
                };
                epss?: {
                  score: number;
                  percentile: number;
                  date: string;
                };
              };
            }[];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1FindingsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Finding"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1FunctionsName: {
    parameters: {
      query?: {
        /** @description delegated administrator: the member account (default: the caller's) */
        accountId?: string;
      };
      header?: never;
      path: {
        /** @description the function name (Lambda's rule: letters, digits, - and _, up to 64) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            version: number;
            runtime: string;
            /** @description hex SHA-256 of the deployment package zip */
            codeSha256: string;
            codeSize: number;
            layers: {
              /** @description as given, else layer-<n> */
              name: string;
              /** @description hex SHA-256 of the layer zip */
              sha256: string;
              size: number;
            }[];
            deployedAt: string;
            scan: {
              /** @enum {string} */
              status: "PENDING" | "SCANNED" | "FAILED" | "SUPERSEDED";
              /** @description FAILED: why the bundle could not be read */
              error: string | null;
              packages: number | null;
              scannedAt: string | null;
            };
            /** @description the code pass of this version (findings: GET /v1/findings?type=CODE_VULNERABILITY) */
            codeScan: {
              /** @description SKIPPED: code scanning is off for the function (codeCoverage says why) */
              status: ("PENDING" | "SCANNED" | "FAILED" | "SKIPPED") | null;
              /** @description FAILED: why the bundle's code could not be read */
              error: string | null;
              /** @description code findings the pass found */
              findings: number | null;
              scannedAt: string | null;
            };
            name: string;
            accountId: string;
            resource: components["schemas"]["Resource"];
            /** @description whether the function's code is scanned: function and functionCode enabled and no vigil:exclude tag (reason SCAN_TYPE_DISABLED or EXCLUDED_BY_TAG when not) */
            codeCoverage: {
              /** @enum {string} */
              status: "SCANNING" | "NOT_SCANNING";
              reason: string | null;
              detail: string | null;
            };
            versions: {
              version: number;
              runtime: string;
              /** @description hex SHA-256 of the deployment package zip */
              codeSha256: string;
              codeSize: number;
              layers: {
                /** @description as given, else layer-<n> */
                name: string;
                /** @description hex SHA-256 of the layer zip */
                sha256: string;
                size: number;
              }[];
              deployedAt: string;
              scan: {
                /** @enum {string} */
                status: "PENDING" | "SCANNED" | "FAILED" | "SUPERSEDED";
                /** @description FAILED: why the bundle could not be read */
                error: string | null;
                packages: number | null;
                scannedAt: string | null;
              };
              /** @description the code pass of this version (findings: GET /v1/findings?type=CODE_VULNERABILITY) */
              codeScan: {
                /** @description SKIPPED: code scanning is off for the function (codeCoverage says why) */
                status: ("PENDING" | "SCANNED" | "FAILED" | "SKIPPED") | null;
                /** @description FAILED: why the bundle's code could not be read */
                error: string | null;
                /** @description code findings the pass found */
                findings: number | null;
                scannedAt: string | null;
              };
            }[];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  putV1FunctionsName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the function name (Lambda's rule: letters, digits, - and _, up to 64) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Lambda runtime identifier: nodejs16.x, nodejs22.x, python3.8, python3.12, java11, java21, ruby2.7, ruby3.3, dotnet8, dotnetcore3.1, go1.x, provided.al2023 */
          runtime: string;
          code: {
            /** @description the zip archive, base64-encoded (standard alphabet, padded) */
            zipFile: string;
          };
          /** @description up to 5 layer zips, mounted under /opt in this order */
          layers?: {
            name?: string;
            /** @description the zip archive, base64-encoded (standard alphabet, padded) */
            zipFile: string;
          }[];
          /** @description replace the function's tags (vigil:exclude, =standard, =code) */
          tags?: {
            [key: string]: string;
          };
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            result: "CREATED" | "UPDATED" | "UNCHANGED";
            message: string;
            function: components["schemas"]["Function"];
            /** @description the new version's inventory job */
            jobId: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Functions: {
    parameters: {
      query?: {
        /** @description delegated administrator: the member account (default: the caller's) */
        accountId?: string;
        limit?: number;
        /** @description nextCursor of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Function"][];
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Coverage: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CoverageSummary"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1SuppressionRules: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["SuppressionRule"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1SuppressionRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          reason: string;
          /**
           * @default suppress
           * @constant
           */
          action?: "suppress";
          /** @description every filter given must hold; lists match any of their values */
          filters: {
            severity?: ("INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED")[];
            vulnerabilityId?: string;
            packageName?: string;
            packageVersion?: string;
            resourceType?: ("host" | "image" | "function" | "repository")[];
            resourceId?: string;
            /** @description a resource tag, key=value */
            resourceTag?: string;
            fixAvailable?: ("YES" | "NO" | "PARTIAL")[];
            minRisk?: number;
            maxRisk?: number;
            findingType?: (
              | "PACKAGE_VULNERABILITY"
              | "NETWORK_REACHABILITY"
              | "CODE_VULNERABILITY"
              | "END_OF_LIFE"
            )[];
          };
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            rule: components["schemas"]["SuppressionRule"];
            suppressed: number;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1SuppressionRulesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SuppressionRule"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1SuppressionRulesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            rule: components["schemas"]["SuppressionRule"];
            reactivated: number;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Audit: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (comma-separated) */
        accountId?: string;
        /** @description comma-separated, any of: POST, PUT, PATCH, DELETE */
        method?: string | string[];
        /** @description a route pattern, e.g. /v1/resources/:id */
        route?: string;
        targetId?: string;
        since?: string;
        until?: string;
        limit?: number;
        /** @description nextCursor of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["AuditEntry"][];
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Webhooks: {
    parameters: {
      query?: {
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Webhook"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Webhooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          url: string;
          /** @description only these event types (default: all) */
          eventTypes?: string[];
          /** @description HMAC-SHA256 signing secret (default: a new random one) */
          secret?: string;
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            webhook: components["schemas"]["Webhook"];
            /** @description signs X-Vigil-Signature; shown only now */
            secret: string;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1WebhooksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Webhook"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1WebhooksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1WebhooksIdDeliveries: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["WebhookDelivery"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Registries: {
    parameters: {
      query?: {
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Registry"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Registries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          /** @description the registry's base URL, e.g. https://registry.example.com:5000 (http:// for plain HTTP) */
          url: string;
          username?: string;
          /** @description sealed at rest with AES-256-GCM under the server's secret key; never returned */
          password?: string;
          /** @description list these repositories instead of /v2/_catalog (for registries that deny the catalog) */
          repositories?: string[];
          /** @description repository name filters, as Amazon ECR's scan filters: `*` stands for any characters; a filter without `*` matches names containing it; empty (default): every repository */
          inclusionRules?: string[];
          /** @description how often the registry is listed for new images (default 60) */
          pollIntervalMinutes?: number;
          /** @description delegated administrator: the member account (default: the caller's) */
          accountId?: string;
        };
      };
    };
    responses: {
      /** @description success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            registry: components["schemas"]["Registry"];
            /** @description send it as `Authorization: Bearer <token>` from the registry's notifications endpoint; shown only now */
            notificationToken: string;
            /** @description path of the registry's notification endpoint */
            notificationUrl: string;
            discoveryJobId: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1RegistriesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Registry"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  deleteV1RegistriesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  patchV1RegistriesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          /** @description the registry's base URL, e.g. https://registry.example.com:5000 (http:// for plain HTTP) */
          url?: string;
          username?: string | null;
          password?: string | null;
          repositories?: string[] | null;
          /** @description repository name filters, as Amazon ECR's scan filters: `*` stands for any characters; a filter without `*` matches names containing it; empty (default): every repository */
          inclusionRules?: string[];
          /** @description how often the registry is listed for new images (default 60) */
          pollIntervalMinutes?: number;
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Registry"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1RegistriesIdImages: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["RegistryImage"][];
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1RegistriesIdNotifications: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          events: ({
            id?: string;
            timestamp?: string;
            action: string;
            target?: {
              mediaType?: string;
              digest?: string;
              repository?: string;
              tag?: string;
            } & {
              [key: string]: unknown;
            };
            request?: {
              useragent?: string;
              method?: string;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          })[];
        };
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            pushed: number;
            pulled: number;
            rescans: number;
            ignored: number;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing or wrong notification token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Configuration: {
    parameters: {
      query?: {
        /** @description delegated administrator: the member account (default: the caller's) */
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AccountConfiguration"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  putV1Configuration: {
    parameters: {
      query?: {
        /** @description delegated administrator: the member account (default: the caller's) */
        accountId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AccountConfigurationInput"];
      };
    };
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AccountConfiguration"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Reports: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (default: every account it sees) */
        accountId?: string;
        limit?: number;
        /** @description `nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** @enum {string} */
              kind: "findings-report" | "sbom-export";
              format: string;
              /** @enum {string} */
              status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
              error: string | null;
              createdAt: string;
              updatedAt: string;
              /** @description GET this once status is SUCCEEDED */
              downloadPath: string | null;
              accountId: string;
            }[];
            /** @description the next (older) page; null on the last */
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1Reports: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          format: "csv" | "json";
          /** @default {} */
          filter?: {
            /** @description delegated administrator: only these accounts */
            accountIds?: string[];
            severity?: ("INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL" | "UNTRIAGED")[];
            /** @description default [ACTIVE] */
            status?: ("ACTIVE" | "SUPPRESSED" | "CLOSED")[];
            vulnerabilityId?: string;
            packageName?: string;
            resourceType?: ("host" | "image" | "function" | "repository")[];
            resourceId?: string;
            fixAvailable?: ("YES" | "NO" | "PARTIAL")[];
            type?: (
              | "PACKAGE_VULNERABILITY"
              | "NETWORK_REACHABILITY"
              | "CODE_VULNERABILITY"
              | "END_OF_LIFE"
            )[];
            minRisk?: number;
            maxRisk?: number;
          };
        };
      };
    };
    responses: {
      /** @description success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Export"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1ReportsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Export"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1ReportsIdDownload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the file, as an attachment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/csv": string;
          "application/json": string;
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1SbomExports: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (default: every account it sees) */
        accountId?: string;
        limit?: number;
        /** @description `nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** @enum {string} */
              kind: "findings-report" | "sbom-export";
              format: string;
              /** @enum {string} */
              status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
              error: string | null;
              createdAt: string;
              updatedAt: string;
              /** @description GET this once status is SUCCEEDED */
              downloadPath: string | null;
              accountId: string;
            }[];
            /** @description the next (older) page; null on the last */
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  postV1SbomExports: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          format: "cyclonedx" | "spdx";
          resourceId?: string;
          /** @enum {string} */
          resourceType?: "host" | "image" | "function" | "repository";
          /** @description delegated administrator: only these accounts */
          accountIds?: string[];
        };
      };
    };
    responses: {
      /** @description success */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Export"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Exports: {
    parameters: {
      query?: {
        /** @description delegated administrator: only these accounts (default: every account it sees) */
        accountId?: string;
        limit?: number;
        /** @description `nextCursor` of the previous page */
        cursor?: string;
        /** @description default: both */
        kind?: "findings-report" | "sbom-export";
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: {
              id: string;
              /** @enum {string} */
              kind: "findings-report" | "sbom-export";
              format: string;
              /** @enum {string} */
              status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
              error: string | null;
              createdAt: string;
              updatedAt: string;
              /** @description GET this once status is SUCCEEDED */
              downloadPath: string | null;
              accountId: string;
            }[];
            /** @description the next (older) page; null on the last */
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1SbomExportsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Export"];
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1SbomExportsIdDownload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the file, as an attachment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": string;
          "application/zip": string;
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1Events: {
    parameters: {
      query?: {
        /** @description nextCursor, or an event id */
        after?: string;
        accountId?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            items: components["schemas"]["Event"][];
            nextCursor: string | null;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  getV1EventsStream: {
    parameters: {
      query?: never;
      header?: {
        /** @description resume after this event (the `id:` of the last event received) */
        "Last-Event-ID"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description an endless stream; a comment line every 15 s keeps it open */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": string;
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description missing, invalid or revoked API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description the caller sees the object but its role does not allow this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  "getOpenapi.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      /** @description invalid input: `{error: {code, message}}` names the field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description not found, or not visible to the caller's account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description internal error (the message is only `internal error` and a request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
}
