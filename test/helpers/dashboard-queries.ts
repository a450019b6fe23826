/**
 * The PromQL in the Grafana dashboard and the alert rules, pulled out so that tests can run it against a real
 * Prometheus: extractDashboardQueries, extractVariableQueries, extractAlertExprs, substituteGrafanaVariables.
 */
import { parse } from "yaml";

export interface DashboardQuery {
  panelTitle: string;
  panelId: number | null;
  panelType: string;
  refId: string;
  /** As written in the dashboard, Grafana variables included. */
  expr: string;
  /** True for instant queries (bar gauges, tables), false for range queries. */
  instant: boolean;
}

export interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: unknown;
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
  [key: string]: unknown;
}

export interface GrafanaTarget {
  refId?: string;
  expr?: string;
  instant?: boolean;
  range?: boolean;
  hide?: boolean;
  datasource?: unknown;
  [key: string]: unknown;
}

/** Every panel, depth first, including the panels nested in (collapsed) rows; rows themselves included. */
export function listPanels(dashboard: unknown): GrafanaPanel[] {
  const out: GrafanaPanel[] = [];
  const visit = (panels: unknown) => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels as GrafanaPanel[]) {
      out.push(panel);
      visit(panel.panels);
    }
  };
  visit(asRecord(dashboard, "dashboard").panels);
  return out;
}

/** Every target's expression, with the panel it belongs to. Hidden targets are included (they still must parse). */
export function extractDashboardQueries(dashboard: unknown): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of listPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      queries.push({
        panelTitle: panel.title ?? "(untitled)",
        panelId: typeof panel.id === "number" ? panel.id : null,
        panelType: panel.type ?? "(no type)",
        refId: target.refId ?? "",
        expr: typeof target.expr === "string" ? target.expr : "",
        instant: target.instant === true && target.range !== true,
      });
    }
  }
  return queries;
}

export interface VariableQuery {
  name: string;
  /** The variable's query as written, e.g. label_values(discord_guild_members, guild_id). */
  query: string;
  /** A PromQL expression that must be valid for the variable to work: label_values(SELECTOR, label) → SELECTOR. */
  expr: string | null;
}

/**
 * The query variables' queries. Grafana's label_values(selector, label) is not PromQL; its selector is, and
 * is returned as `expr` (label_values(label) alone has no selector: expr null). query_result(EXPR) → EXPR.
 */
export function extractVariableQueries(dashboard: unknown): VariableQuery[] {
  const templating = asRecord(dashboard, "dashboard").templating as { list?: unknown[] } | undefined;
  const out: VariableQuery[] = [];
  for (const variable of templating?.list ?? []) {
    const v = variable as { name?: string; type?: string; query?: unknown; definition?: string };
    if (v.type !== "query") continue;
    const query =
      typeof v.query === "string"
        ? v.query
        : typeof (v.query as { query?: unknown })?.query === "string"
          ? (v.query as { query: string }).query
          : (v.definition ?? "");
    out.push({ name: v.name ?? "", query, expr: variableExpr(query) });
  }
  return out;
}

function variableExpr(query: string): string | null {
  const text = query.trim();
  const labelValues = /^label_values\(\s*(.*)\)$/s.exec(text);
  if (labelValues) {
    const inner = labelValues[1] ?? "";
    // The label name is the last comma-separated argument; the selector before it may contain commas.
    const comma = inner.lastIndexOf(",");
    return comma < 0 ? null : inner.slice(0, comma).trim();
  }
  const queryResult = /^query_result\(\s*(.*)\)$/s.exec(text);
  if (queryResult) return (queryResult[1] ?? "").trim();
  const labelNames = /^label_names\(\s*(.*)\)$/s.exec(text);
  if (labelNames) return (labelNames[1] ?? "").trim() || null;
  const metrics = /^metrics\(/.exec(text);
  if (metrics) return null;
  return text;
}

export interface AlertExpr {
  group: string;
  /** The alert's (or recording rule's) name. */
  name: string;
  kind: "alert" | "record";
  expr: string;
  for: string | null;
}

/** Every rule of a Prometheus rules file (YAML text, or the parsed object). */
export function extractAlertExprs(rulesYaml: string | unknown): AlertExpr[] {
  const doc = (typeof rulesYaml === "string" ? parse(rulesYaml) : rulesYaml) as {
    groups?: { name?: string; rules?: { alert?: string; record?: string; expr?: unknown; for?: string }[] }[];
  } | null;
  const out: AlertExpr[] = [];
  for (const group of doc?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      out.push({
        group: group.name ?? "",
        name: rule.alert ?? rule.record ?? "",
        kind: rule.alert !== undefined ? "alert" : "record",
        expr: typeof rule.expr === "string" ? rule.expr.trim() : String(rule.expr ?? ""),
        for: rule.for ?? null,
      });
    }
  }
  return out;
}

/** What Grafana's built-in variables become: a dashboard showing 1 hour at 1 minute per point. */
export const GRAFANA_BUILTIN_VALUES: Readonly<Record<string, string>> = Object.freeze({
  __rate_interval: "4m",
  __rate_interval_ms: "240000",
  __interval: "1m",
  __interval_ms: "60000",
  __range: "1h",
  __range_s: "3600",
  __range_ms: "3600000",
  __from: "1700000000000",
  __to: "1700003600000",
});

/** The dashboard's own variables, all set to "All" (their allValue ".*"). */
export const DEFAULT_VARIABLE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  guild: ".*",
  channel: ".*",
});

// $name, ${name}, ${name:format}, [[name]], [[name:format]]. Names starting with a digit ($1 in label_replace)
// are not Grafana variables.
const VARIABLE = /\$\{([A-Za-z_]\w*)(?::[^}]*)?\}|\[\[([A-Za-z_]\w*)(?::[^\]]*)?\]\]|\$([A-Za-z_]\w*)/g;

/**
 * Replaces Grafana's variables with concrete values, as Grafana would before sending the query: the built-ins
 * ($__rate_interval → 4m, $__range → 1h, $__interval → 1m, ...) and the dashboard's (default: guild and channel
 * → .*, matching everything). `values` adds to or overrides the dashboard's variables. Variables it does not
 * know are left as they are (referencedVariables finds them).
 */
export function substituteGrafanaVariables(expr: string, values: Readonly<Record<string, string>> = {}): string {
  const all: Record<string, string> = { ...DEFAULT_VARIABLE_VALUES, ...values, ...GRAFANA_BUILTIN_VALUES };
  return expr.replace(VARIABLE, (match, braced?: string, bracketed?: string, plain?: string) => {
    const name = braced ?? bracketed ?? plain ?? "";
    return Object.hasOwn(all, name) ? (all[name] as string) : match;
  });
}

/** The names of the Grafana variables an expression uses (built-ins included, e.g. "__rate_interval"). */
export function referencedVariables(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(VARIABLE)) names.add(match[1] ?? match[2] ?? match[3] ?? "");
  return [...names];
}

/** Metric names used by an expression (discord_* and up); good enough for our own expressions. */
export function referencedMetrics(expr: string): string[] {
  const names = new Set<string>();
  // Not a label name inside a selector (followed by =, =~, !=, !~), nor a function (followed by "(").
  for (const match of expr.matchAll(/\b(discord_[a-z0-9_]+|up)\b(?!\s*(?:=~|!~|!=|=(?!=)|\())/g))
    names.add(match[1] ?? "");
  return [...names];
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object") throw new TypeError(`${what} is not an object`);
  return value as Record<string, unknown>;
}
