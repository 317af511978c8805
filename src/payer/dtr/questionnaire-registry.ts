/**
 * Which version of the policy Questionnaires the payer publishes now. It starts at
 * `dtr.questionnaireVersion`; with `dtr.revise` it moves to the revised version once the clock
 * passes `afterSeconds` from the simulator's start, so a client that filled the old version meets
 * a revised one at PAS time. Time, not call counts: a client that re-asks DTR after a crash
 * before the revision sees the same version it saw the first time.
 */
import type { PayerConfig } from '../../contracts/payer-config.js';
import type { Clock } from '../../core/clock.js';

export class QuestionnaireRegistry {
  constructor(private readonly config: PayerConfig['dtr'], private readonly clock: Clock, private readonly startedAt: number) {}

  /** The version published now. */
  version(): string {
    const revise = this.config.revise;
    return revise && this.clock.now() >= this.startedAt + revise.afterSeconds * 1000 ? revise.version : this.config.questionnaireVersion;
  }
}
