// Every scenario of issue #8, in its order. A scenario whose code has not landed is listed with the
// reason and never faked; to add one, write bench/scenarios/<id>.ts exporting an AvailableScenario
// and replace its entry here.
import type { Scenario } from '../lib/scenario.ts';
import { bigResults } from './big-results.ts';
import { demoStart } from './demo-start.ts';
import { engineOverhead } from './engine-overhead.ts';
import { history } from './history.ts';
import { schemaScale } from './schema-scale.ts';
import { store } from './store.ts';

export const scenarios: Scenario[] = [
  {
    number: 1,
    id: 'slack-ack',
    title: 'Slack acknowledgement under load',
    available: false,
    reason: 'the Slack adapter (Bolt app, HTTP receiver) has not landed: there is no server to POST signed events to',
  },
  engineOverhead,
  bigResults,
  {
    number: 4,
    id: 'charts',
    title: 'Charts to PNG',
    available: false,
    reason: 'charts (chart choice, Vega-Lite spec, SVG → PNG) have not landed: src/charts/ does not exist',
  },
  schemaScale,
  history,
  demoStart,
  store,
];

/** A scenario by id or number ("big-results" or "3"). */
export function findScenario(key: string): Scenario | undefined {
  return scenarios.find((s) => s.id === key || String(s.number) === key);
}
