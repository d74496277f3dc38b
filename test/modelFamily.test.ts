import { describe, expect, it } from 'vitest';
import { modelFamily } from '../src/analysis/modelFamily';

describe('modelFamily', () => {
  it('reads the family from Bedrock model ids, inference profiles and price-table keys', () => {
    // Model ids as Bedrock's "Supported foundation models" page lists them.
    expect(modelFamily('us.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe('claude');
    expect(modelFamily('anthropic.claude-3-haiku-20240307-v1:0')).toBe('claude');
    expect(modelFamily('claude-3-haiku')).toBe('claude');
    expect(modelFamily('meta.llama3-70b-instruct-v1:0')).toBe('llama');
    expect(modelFamily('amazon.nova-pro-v1:0')).toBe('nova');
    expect(modelFamily('eu.amazon.titan-text-express-v1')).toBe('titan');
    expect(modelFamily('mistral.mistral-large-2402-v1:0')).toBe('mistral');
  });

  it('refuses an id that names no family', () => {
    expect(() => modelFamily('anthropic.3-5')).toThrow(/names no model family/);
    expect(() => modelFamily('')).toThrow(/names no model family/);
  });
});
