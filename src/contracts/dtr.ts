/**
 * Da Vinci DTR (STU 2.x) as this simulator serves it: the canonical URLs of the payer's
 * Questionnaires (one per coverage policy), the simulator extension that carries each item's
 * policy criterion as data (in place of the guide's CQL libraries, so a client can evaluate what
 * the payer will evaluate), and the QuestionnaireResponse shape a client returns in a PAS Bundle.
 */
import { z } from 'zod';
import { BundleSchema, ResourceSchema } from './fhir-base.js';
import { ParametersSchema } from './parameters.js';

export const QUESTIONNAIRE_BASE = 'http://prior-auth-sim.dev/fhir/Questionnaire';
export const VALUESET_BASE = 'http://prior-auth-sim.dev/fhir/ValueSet';
/** On a Questionnaire item: the policy criterion (or required document) the item asks about, as JSON. */
export const CRITERION_EXTENSION = 'http://prior-auth-sim.dev/fhir/StructureDefinition/policy-criterion';
/** On a Questionnaire item: the required document (system, code, description, waivedBy) it asks about, as JSON. */
export const REQUIRED_DOCUMENT_EXTENSION = 'http://prior-auth-sim.dev/fhir/StructureDefinition/policy-required-document';
/** SDC prepopulation: FHIRPath here, where DTR uses CQL. */
export const INITIAL_EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression';

/** `http://prior-auth-sim.dev/fhir/Questionnaire/policy-72148` for CPT 72148. */
export const questionnaireUrl = (code: string) => `${QUESTIONNAIRE_BASE}/policy-${code}`;
export const questionnaireId = (code: string) => `policy-${code}`;

/** `url|version` → its parts. */
export function splitCanonical(canonical: string): { url: string; version?: string } {
  const bar = canonical.indexOf('|');
  return bar < 0 ? { url: canonical } : { url: canonical.slice(0, bar), version: canonical.slice(bar + 1) };
}

const AnswerSchema = z.looseObject({
  valueBoolean: z.boolean().optional(),
  valueDecimal: z.number().optional(),
  valueInteger: z.number().int().optional(),
  valueString: z.string().optional(),
  valueCoding: z.looseObject({ system: z.string().optional(), code: z.string().optional() }).optional(),
});
export interface QrItem {
  linkId: string;
  text?: string;
  answer?: z.infer<typeof AnswerSchema>[];
  item?: QrItem[];
}
const QrItemSchema: z.ZodType<QrItem> = z.lazy(() => z.looseObject({
  linkId: z.string(),
  text: z.string().optional(),
  answer: z.array(AnswerSchema).optional(),
  item: z.array(QrItemSchema).optional(),
})) as unknown as z.ZodType<QrItem>;

export const QuestionnaireResponseSchema = z.looseObject({
  resourceType: z.literal('QuestionnaireResponse'),
  id: z.string().optional(),
  questionnaire: z.string(),
  status: z.enum(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped']),
  subject: z.looseObject({ reference: z.string().optional() }).optional(),
  authored: z.string().optional(),
  item: z.array(QrItemSchema).optional(),
});
export type QuestionnaireResponse = z.infer<typeof QuestionnaireResponseSchema>;

export interface QuestionnaireItem {
  linkId: string;
  text: string;
  type: 'group' | 'boolean' | 'decimal' | 'integer' | 'choice' | 'display';
  required?: boolean;
  code?: { system: string; code: string; display?: string }[];
  answerValueSet?: string;
  extension?: { url: string; [k: string]: unknown }[];
  item?: QuestionnaireItem[];
}

export const QuestionnaireSchema = ResourceSchema.extend({
  resourceType: z.literal('Questionnaire'),
  url: z.string(),
  version: z.string(),
  status: z.string(),
  item: z.array(z.looseObject({ linkId: z.string(), type: z.string() })).optional(),
});
export interface Questionnaire {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  status: string;
  item?: QuestionnaireItem[];
  [key: string]: unknown;
}

/** `$questionnaire-package` output: Parameters whose `PackageBundle` parts each hold a collection Bundle. */
export const QuestionnairePackageSchema = ParametersSchema.extend({
  parameter: z.array(z.looseObject({ name: z.string(), resource: z.union([BundleSchema, ResourceSchema]).optional() })).optional(),
});
