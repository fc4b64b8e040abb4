import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOP_ARTICLES } from './support/articles.js';
import { FAQ, faqHost } from './support/faqHost.js';

describe('settings', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function statusWith(settings: Record<string, unknown>) {
    await host?.stop();
    host = await faqHost(settings);
    return host.activate(FAQ);
  }

  it('needs only articles; the rest has defaults', async () => {
    expect((await statusWith({ articles: SHOP_ARTICLES })).state).toBe('ACTIVE');
  });

  it('refuses no articles, an article without an answer, and a threshold outside 0..1, naming each', async () => {
    const none = await statusWith({ articles: [] });
    expect(none.state).toBe('FAILED');
    expect(none.error).toMatch(/\]\.articles: must NOT have fewer than 1 items/);

    const status = await statusWith({ articles: [{ question: 'How do I pay?' }], threshold: 1.5, languages: ['xx'] });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.articles\[0\]\.answer: is required/);
    expect(status.error).toMatch(/\]\.threshold: must be <= 1/);
    expect(status.error).toMatch(/\]\.languages\[0\]: must be one of "en", "de", "fr", "es", "nl"/);
  });

  it('refuses a suggestion without {question}, saying what it must contain', async () => {
    const status = await statusWith({ articles: SHOP_ARTICLES, clarifyingSuggestion: 'Did you mean that?' });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.clarifyingSuggestion: must be a text containing \{question\}/);
  });

  it('refuses an article with nothing to match on but common words, and tells how to fix it', async () => {
    const status = await statusWith({ articles: [...SHOP_ARTICLES, { question: 'How do I do that?', answer: 'Like this.' }] });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/pluginSettings\["@rapport\/plugin-bot-faq"\]\.articles\[7\]\.question: \("How do I do that\?"\) has no word left to match .* add keywords/);
  });

  it('accepts such an article once it has keywords', async () => {
    expect((await statusWith({ articles: [{ question: 'How do I do that?', answer: 'Like this.', keywords: ['setup'] }] })).state).toBe('ACTIVE');
  });

  it('refuses two articles asking the same, naming both', async () => {
    const status = await statusWith({ articles: [...SHOP_ARTICLES, { question: 'how do I reset my password', answer: 'Another answer.' }] });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.articles\[7\]\.question: asks the same as articles\[0\]\.question/);
  });
});
