/**
 * The FHIR Parameters resource: the body of an operation called by POST (`$everything`,
 * `$questionnaire-package`). Primitive values are modelled; resource values stay open.
 */
import { z } from 'zod';
import { ResourceSchema } from './fhir-base.js';

export const ParameterSchema = z.looseObject({
  name: z.string().min(1),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueUri: z.string().optional(),
  valueCanonical: z.string().optional(),
  valueInstant: z.string().optional(),
  valueDateTime: z.string().optional(),
  valueDate: z.string().optional(),
  valueInteger: z.number().int().optional(),
  valueBoolean: z.boolean().optional(),
  resource: ResourceSchema.optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const ParametersSchema = z.looseObject({
  resourceType: z.literal('Parameters'),
  parameter: z.array(ParameterSchema).max(100).optional(),
});
export type Parameters = z.infer<typeof ParametersSchema>;
