/**
 * SDC adaptive questionnaires over the payer's policy questionnaires (DTR STU 2.x adaptive
 * forms): `POST Questionnaire/$next-question` takes a QuestionnaireResponse (Parameters `in`, or
 * the resource itself) whose `questionnaire` is `#id` of a contained Questionnaire naming a
 * policy questionnaire (`url`, or `derivedFrom`) at the version published now. It answers the
 * response with the next question added to the contained Questionnaire, or `status: completed`
 * when the policy needs nothing more. What is needed follows from the policy and the answers so
 * far, so a provider is asked only what can matter:
 * - one question per call, in the policy's order; a question asked is never asked again, and one
 *   left unanswered stays unknown;
 * - an any-of criterion asks its alternatives one at a time and stops at the first answered so
 *   that it is met;
 * - a red flag answered present skips the criteria it bypasses and the documents it waives.
 * PAS reads a completed adaptive response like any other (questionnaire-answers.ts resolves `#id`).
 */
import { z } from 'zod';
import { QuestionnaireResponseSchema, type QrItem, type QuestionnaireItem } from '../../contracts/dtr.js';
import { ParametersSchema } from '../../contracts/parameters.js';
import type { CoveragePolicy, Criterion } from '../../contracts/policy.js';
import { badRequest } from '../../core/operation-outcome.js';
import { adaptedCanonical, answersByLinkId, attested } from './questionnaire-answers.js';
import { buildQuestionnaire } from './policy-questionnaire.js';

type Json = Record<string, unknown>;
type Answers = ReadonlyMap<string, QrItem['answer']>;

/** The items a client sends back in the contained Questionnaire: what was asked so far (only linkIds and nesting are read). */
interface AskedItem { linkId: string; item?: AskedItem[] }
const AskedItemsSchema: z.ZodType<AskedItem[]> = z.lazy(() => z.array(z.looseObject({ linkId: z.string(), item: AskedItemsSchema.optional() }))) as unknown as z.ZodType<AskedItem[]>;

/** The request body before it is told apart: Parameters or a QuestionnaireResponse. */
export const NextQuestionBodySchema = z.looseObject({ resourceType: z.string() });

/** The QuestionnaireResponse of the request body: Parameters `in`, or the resource itself. */
export function nextQuestionInput(body: z.infer<typeof NextQuestionBodySchema>): { qr: z.infer<typeof QuestionnaireResponseSchema>; where: string } {
  let raw: unknown = body;
  let where = 'QuestionnaireResponse';
  if (body.resourceType === 'Parameters') {
    const params = ParametersSchema.safeParse(body);
    const index = params.success ? (params.data.parameter ?? []).findIndex((p) => p.name === 'in') : -1;
    if (index < 0) throw badRequest('Questionnaire.$next-question: the in parameter (a QuestionnaireResponse) is required', 'Parameters.parameter');
    raw = params.data!.parameter![index]!.resource;
    where = `Parameters.parameter[${index}].resource`;
  }
  const parsed = QuestionnaireResponseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(`Questionnaire.$next-question takes a QuestionnaireResponse: ${issue.message}`, [where, ...issue.path.map(String)].join('.'));
  }
  return { qr: parsed.data, where };
}

/** The contained Questionnaire the response is about, where it is, and the policy canonical it adapts. */
export function containedQuestionnaire(qr: z.infer<typeof QuestionnaireResponseSchema>, where: string): { questionnaire: Json; index: number; canonical: string } {
  if (!qr.questionnaire.startsWith('#')) throw badRequest('an adaptive QuestionnaireResponse names its contained Questionnaire: questionnaire "#{id}"', `${where}.questionnaire`);
  const contained = Array.isArray(qr.contained) ? (qr.contained as Json[]) : [];
  const index = contained.findIndex((r) => r?.resourceType === 'Questionnaire' && `#${String(r.id)}` === qr.questionnaire);
  if (index < 0) throw badRequest(`no contained Questionnaire with id "${qr.questionnaire.slice(1)}"`, `${where}.contained`);
  const canonical = adaptedCanonical(contained[index]!);
  if (!canonical) throw badRequest('the contained Questionnaire must name the policy questionnaire it adapts (url or derivedFrom)', `${where}.contained[${index}].url`);
  const items = AskedItemsSchema.optional().safeParse(contained[index]!.item);
  if (!items.success) {
    const issue = items.error.issues[0]!;
    throw badRequest(`the contained Questionnaire's items must be what this operation asked (items with a linkId): ${issue.message}`, [`${where}.contained[${index}].item`, ...issue.path.map(String)].join('.'));
  }
  return { questionnaire: contained[index]!, index, canonical };
}

const criteriaById = (criteria: readonly Criterion[]): Map<string, Criterion> =>
  new Map(criteria.flatMap((c): [string, Criterion][] => (c.kind === 'any-of' ? [[c.id, c], ...c.criteria.map((n): [string, Criterion] => [n.id, n])] : [[c.id, c]])));

/** Whether the answer to `c` meets it (a diagnosis or red flag: a coding in its ICD-10-CM range). */
function met(c: Criterion, answers: Answers): boolean {
  if (c.kind === 'diagnosis' || c.kind === 'red-flag-bypass') {
    return (answers.get(c.id) ?? []).some((a) => a.valueCoding?.system === c.system && c.prefixes.some((p) => a.valueCoding?.code?.startsWith(p)));
  }
  return attested(c, { byLinkId: answers })?.status === 'met';
}

/** Criteria and documents the answered red flags make moot. */
function skipped(policy: CoveragePolicy, answers: Answers): Set<string> {
  const skip = new Set<string>();
  for (const c of policy.criteria) {
    if (c.kind !== 'red-flag-bypass' || !met(c, answers)) continue;
    c.bypasses.forEach((id) => skip.add(id));
    for (const d of policy.requiredDocuments) if (d.waivedBy?.includes(c.id)) skip.add(`document-${d.code}`);
  }
  return skip;
}

function linkIds(items: readonly Json[] | undefined, into = new Set<string>()): Set<string> {
  for (const item of items ?? []) {
    if (typeof item.linkId === 'string') into.add(item.linkId);
    linkIds(item.item as Json[] | undefined, into);
  }
  return into;
}

/** The next question of `policy` given what was asked and answered; undefined when none is needed. */
function nextItem(policy: CoveragePolicy, items: readonly QuestionnaireItem[], asked: ReadonlySet<string>, answers: Answers): { item: QuestionnaireItem; group?: QuestionnaireItem } | undefined {
  const criteria = criteriaById(policy.criteria);
  const skip = skipped(policy, answers);
  for (const item of items) {
    if (skip.has(item.linkId)) continue;
    if (item.type !== 'group') {
      if (!asked.has(item.linkId)) return { item };
      continue;
    }
    for (const child of item.item ?? []) {
      if (!asked.has(child.linkId)) return { item: child, group: item };
      const c = criteria.get(child.linkId);
      if (c && met(c, answers)) break;
    }
  }
  return undefined;
}

/** The question as the contained Questionnaire carries it: the policy item without the children a group has not reached. */
const asQuestion = (item: QuestionnaireItem): QuestionnaireItem => (item.type === 'group' ? { ...item, item: [] } : item);

/**
 * The response with its next question, or completed.
 * @example advance(policy, '1', date, qr, 'QuestionnaireResponse') // { ...qr, contained: [q with one more item], status: 'in-progress' }
 */
export function advance(policy: CoveragePolicy, version: string, date: string, qr: z.infer<typeof QuestionnaireResponseSchema>, where: string): Json {
  const { questionnaire, index } = containedQuestionnaire(qr, where);
  const full = buildQuestionnaire(policy, version, date);
  const current = ((questionnaire.item as QuestionnaireItem[] | undefined) ?? []).map((i) => ({ ...i, ...(i.item ? { item: [...i.item] } : {}) }));
  const answers = answersByLinkId(qr.item);
  const next = nextItem(policy, full.item ?? [], linkIds(current as unknown as Json[]), answers);
  if (next?.group) {
    let group = current.find((i) => i.linkId === next.group!.linkId);
    if (!group) current.push((group = asQuestion(next.group)));
    group.item = [...(group.item ?? []), next.item];
  } else if (next) {
    current.push(next.item);
  }
  // derivedFrom names what the form adapts, so whoever reads the finished response knows the policy and version
  const adapted = { ...questionnaire, version, status: questionnaire.status ?? 'active', derivedFrom: [`${full.url}|${version}`], item: current };
  const contained = [...(qr.contained as Json[])];
  contained[index] = adapted;
  return { ...qr, contained, status: next ? 'in-progress' : 'completed' };
}

