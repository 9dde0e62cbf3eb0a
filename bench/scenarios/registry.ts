// Every scenario of issue #8, in its order. A scenario whose code has not landed is listed with the
// reason and never faked; to add one, write bench/scenarios/<id>.ts exporting an AvailableScenario
// and replace its entry here.
import type { Scenario } from '../lib/scenario.ts';
import { bigResults } from './big-results.ts';
import { charts } from './charts.ts';
import { demoStart } from './demo-start.ts';
import { engineOverhead } from './engine-overhead.ts';
import { history } from './history.ts';
import { schemaScale } from './schema-scale.ts';
import { slackAck } from './slack-ack.ts';
import { store } from './store.ts';
import { webPage } from './web-page.ts';

export const scenarios: Scenario[] = [
  slackAck,
  engineOverhead,
  bigResults,
  charts,
  schemaScale,
  history,
  demoStart,
  store,
  webPage,
];

/** A scenario by id or number ("big-results" or "3"). */
export function findScenario(key: string): Scenario | undefined {
  return scenarios.find((s) => s.id === key || String(s.number) === key);
}
