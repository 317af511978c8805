/**
 * Which version of the policy Questionnaires the payer publishes now. It starts at
 * `dtr.questionnaireVersion`; with `dtr.revise` it moves to the revised version once that many
 * `$questionnaire-package` calls were answered, so a client that filled the old version meets a
 * revised one at PAS time. The count lives in the state store (a restart keeps it).
 */
import type { PayerConfig } from '../../contracts/payer-config.js';
import type { StateStore } from '../../core/store/state-store.js';

export class QuestionnaireRegistry {
  private readonly table;

  constructor(private readonly config: PayerConfig['dtr'], store: StateStore) {
    this.table = store.table<number>('payer.dtr');
  }

  /** The version published now. */
  version(): string {
    const revise = this.config.revise;
    return revise && (this.table.get('packages') ?? 0) >= revise.afterPackages ? revise.version : this.config.questionnaireVersion;
  }

  /** Count one answered `$questionnaire-package` call. */
  packaged(): void {
    this.table.set('packages', (this.table.get('packages') ?? 0) + 1);
  }
}
