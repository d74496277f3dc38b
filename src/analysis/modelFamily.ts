const REGION_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;
const PROVIDER_PREFIX = /^(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|writer|qwen|google|stability)\./;

/**
 * The model family of a model id, for the self-preference check of an LLM judge: a Bedrock model id or
 * inference-profile id ("us.anthropic.claude-3-5-sonnet-20240620-v1:0"), or a price-table key ("claude-3-haiku"), loses
 * its region and provider prefixes, and the family is the leading run of letters of what is left ("claude", "llama",
 * "nova", "titan", "mistral"). Two models of one family are assumed to share training and taste.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html (model id format).
 *
 * @throws RangeError for an id with no letters to name a family.
 * @example
 * modelFamily('us.anthropic.claude-3-5-sonnet-20240620-v1:0') // => 'claude'
 */
export function modelFamily(modelId: string): string {
  const rest = modelId.trim().toLowerCase().replace(REGION_PREFIX, '').replace(PROVIDER_PREFIX, '');
  const family = /^[a-z]+/.exec(rest)?.[0];
  if (!family) throw new RangeError(`model id "${modelId}" names no model family`);
  return family;
}
