/**
 * Renders a claim's current state as a PAS 2.0.1 response Bundle: the ClaimResponse first
 * (review action per item on `item.adjudication.extension`, category `submitted`), then the
 * Patient, insurer and requestor it references, copied from the request Bundle.
 */
import { ADJUDICATION_CATEGORY_SYSTEM, DECISION_REASON_SYSTEM, PasExtensions, REVIEW_ACTION_DISPLAY, type PasClaimResponse, type PasResponseBundle } from '../contracts/pas.js';
import { CodeSystems, type Extension } from '../contracts/fhir-base.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { ItemDecision } from './adjudicator.js';
import { isPended, type ClaimRecord } from './claim-store.js';

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const date = (t: number) => iso(t).slice(0, 10);
export const CLAIM_RESPONSE_SYSTEM = 'urn:trnorg:prior-auth-sim';
const CERTIFIED = new Set(['A1', 'A2', 'A6']);

function outcomeOf(decisions: ItemDecision[]): PasClaimResponse['outcome'] {
  if (decisions.some((d) => d.code === 'A4')) return 'queued';
  if (decisions.some((d) => d.code === 'A2')) return 'partial';
  const certified = decisions.filter((d) => CERTIFIED.has(d.code)).length;
  return certified > 0 && certified < decisions.length ? 'partial' : 'complete';
}

function reviewAction(d: ItemDecision, number: string): Extension {
  const ext: Extension[] = [
    { url: PasExtensions.reviewActionCode, valueCodeableConcept: { coding: [{ system: CodeSystems.x12ReviewAction, code: d.code, display: REVIEW_ACTION_DISPLAY[d.code] }] } },
    { url: 'number', valueString: number },
  ];
  if (d.reason) ext.push({ url: 'reasonCode', valueCodeableConcept: { coding: [{ system: DECISION_REASON_SYSTEM, code: d.reason.code }], text: d.reason.text } });
  return { url: PasExtensions.reviewAction, extension: ext };
}

function itemExtensions(claim: ClaimRecord, d: ItemDecision, i: number, period: { start: string; end: string }): Extension[] {
  const out: Extension[] = [];
  if (CERTIFIED.has(d.code)) {
    out.push({ url: PasExtensions.itemPreAuthIssueDate, valueDate: date(claim.updatedAt) }, { url: PasExtensions.itemPreAuthPeriod, valuePeriod: period });
  }
  if (d.code === 'A2' || d.code === 'A6') {
    const detail: Extension[] = [];
    const code = d.authorizedCode ?? claim.submission.items[i]!.coding;
    detail.push({ url: 'productOrServiceCode', valueCodeableConcept: { coding: [{ system: code.system, code: code.code, display: code.display }] } });
    if (d.authorizedQuantity !== undefined) detail.push({ url: 'quantity', valueQuantity: { value: d.authorizedQuantity } });
    out.push({ url: PasExtensions.itemAuthorizedDetail, extension: detail });
  }
  return out;
}

/** The ClaimResponse of `claim` as it stands now. */
export function buildClaimResponse(claim: ClaimRecord, config: PayerConfig): PasClaimResponse {
  const { claim: req } = claim.submission;
  const period = { start: date(claim.updatedAt), end: date(claim.updatedAt + config.authorizationValidDays * DAY_MS) };
  const notes = claim.decisions.flatMap((d, i) => (d.reason ? [{ number: i + 1, type: 'display', text: d.reason.text }] : []));
  const decided = claim.decisions.some((d) => CERTIFIED.has(d.code));
  return {
    resourceType: 'ClaimResponse',
    id: claim.id,
    identifier: [{ system: CLAIM_RESPONSE_SYSTEM, value: claim.id }],
    status: 'active',
    type: req.type,
    use: 'preauthorization',
    patient: req.patient,
    created: iso(claim.updatedAt),
    insurer: req.insurer,
    requestor: req.provider,
    // the payer's own Claim/{id} (served by claim-read-routes.ts), not the submitter's id, which it does not serve
    request: { reference: `Claim/${claim.id}`, identifier: req.identifier[0] },
    outcome: outcomeOf(claim.decisions),
    disposition: isPended(claim) ? 'Pended: a decision will follow' : claim.decisions.map((d) => REVIEW_ACTION_DISPLAY[d.code]).join('; '),
    preAuthRef: claim.authorizationNumber,
    ...(decided ? { preAuthPeriod: period } : {}),
    item: claim.decisions.map((d, i) => {
      const ext = itemExtensions(claim, d, i, period);
      const note = notes.find((n) => n.number === i + 1);
      return {
        itemSequence: claim.submission.items[i]!.sequence,
        ...(ext.length ? { extension: ext } : {}),
        ...(note ? { noteNumber: [note.number] } : {}),
        adjudication: [{
          category: { coding: [{ system: ADJUDICATION_CATEGORY_SYSTEM, code: 'submitted' }] },
          extension: [reviewAction(d, `${claim.authorizationNumber}-${claim.submission.items[i]!.sequence}`) as { url: typeof PasExtensions.reviewAction; extension: { url: string }[] }],
        }],
      };
    }),
    ...(notes.length ? { processNote: notes } : {}),
  };
}

/** The response Bundle: identifier of the request Bundle (as PAS examples do), ClaimResponse first. */
export function buildResponseBundle(claim: ClaimRecord, config: PayerConfig, origin: string, now: number): PasResponseBundle {
  const { bundle, claim: req, index } = claim.submission;
  const response = buildClaimResponse(claim, config);
  const refs = [req.patient.reference, req.insurer.reference, req.provider.reference];
  const others = refs.map((r) => index.indexOf(r!)).filter((i, k, all) => i !== undefined && all.indexOf(i) === k).map((i) => {
    const e = index.entry(i!)!;
    return { fullUrl: e.fullUrl ?? `${origin}/payer/fhir/${e.resource.resourceType}/${e.resource.id ?? i}`, resource: e.resource };
  });
  return {
    resourceType: 'Bundle',
    id: `${claim.id}-v${claim.version}`,
    identifier: bundle.identifier,
    type: 'collection',
    timestamp: iso(now),
    entry: [{ fullUrl: `${origin}/payer/fhir/ClaimResponse/${claim.id}`, resource: response }, ...others],
  };
}
