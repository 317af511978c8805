/**
 * "The note says it happened, the chart has no record of it": finds evidence a policy needs
 * that a clinical note mentions but no structured resource holds (outside physical therapy,
 * paper questionnaires, outside X-rays). A keyword table per code, so deterministic; this is
 * the part an LLM would do better.
 */
import { DocumentTypes, MedicationCodes, ObservationCodes, TherapyCodes } from '../../src/contracts/clinical-codes.js';
import type { ClinicalFacts } from './clinical-facts.js';

export interface CodeRef {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

const key = (c: { system: string; code: string }) => `${c.system}|${c.code}`;

const KEYWORDS: ReadonlyMap<string, RegExp> = new Map([
  [key(TherapyCodes.physicalTherapy), /physical therap/i],
  [key(TherapyCodes.kneeInjection), /injection/i],
  [key(MedicationCodes.naproxen), /naproxen/i],
  [key(MedicationCodes.ibuprofen), /ibuprofen/i],
  [key(MedicationCodes.metformin), /metformin/i],
  [key(ObservationCodes.kellgrenLawrence), /kellgren|x-rays?\b|radiograph/i],
  [key(ObservationCodes.stopBang), /stop-bang/i],
  [key(ObservationCodes.epworth), /epworth/i],
  [key(ObservationCodes.hba1c), /hba1c|\ba1c\b/i],
  [key(ObservationCodes.bmi), /\bbmi\b/i],
  [key(ObservationCodes.functionalLimitation), /functional limitation/i],
  [key(DocumentTypes.imagingReport), /x-rays?\b|radiograph|imaging report/i],
]);

/**
 * For each wanted code with no structured record, the notes that mention it.
 * @example mentionedNotOnFile(facts, [TherapyCodes.physicalTherapy]) // ['Therapeutic exercises …: mentioned in DocumentReference/n1 …']
 */
export function mentionedNotOnFile(facts: ClinicalFacts, wanted: readonly CodeRef[]): string[] {
  const onFile = new Set([...facts.observations, ...facts.therapies, ...facts.documents].map(key));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of wanted) {
    const k = key(c);
    const pattern = KEYWORDS.get(k);
    if (!pattern || onFile.has(k) || seen.has(k)) continue;
    seen.add(k);
    const notes = facts.documents.filter((d) => d.text && pattern.test(d.text));
    if (notes.length) {
      out.push(`${c.display ?? c.code} (${c.code}): mentioned in ${notes.map((d) => `DocumentReference/${d.id}`).join(', ')} but no record is on file`);
    }
  }
  return out;
}
