import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../src/index.js';
import { SHOP_ARTICLES } from './support/articles.js';

const kb = buildKnowledgeBase(SHOP_ARTICLES);
const DEFAULT_THRESHOLD = 0.6;

describe('matching paraphrased questions', () => {
  it.each([
    ['How can I reset my password?', 'How do I reset my password?'],
    ['I forgot my password and cannot log in', 'How do I reset my password?'],
    ['When will my parcel arrive?', 'How long does shipping take?'],
    ['I want my money back', 'Can I return an item and get a refund?'],
    ['Can I pay by credit card?', 'Which payment methods do you accept?'],
    ['I need to update my email', 'How do I change my email address?'],
    ['Please cancel my membership', 'How do I cancel my subscription?'],
  ])('%s → %s, confidently', (message, question) => {
    const match = kb.match(message);
    expect(match?.article.question).toBe(question);
    expect(match!.confidence).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('gives full confidence when every word points to one article and none to another', () => {
    expect(kb.match('track my parcel')).toMatchObject({ confidence: 1, coverage: 1, dominance: 1, terms: ['track', 'parcel'] });
  });

  it('matches by prefix', () => {
    expect(kb.match('pass reset')?.article.question).toBe('How do I reset my password?');
  });
});

describe('typos', () => {
  it.each([
    ['I forgot my pasword', 'How do I reset my password?'],
    ['how long does shiping take', 'How long does shipping take?'],
    ['change my emial adress', 'How do I change my email address?'],
  ])('%s → %s, confidently', (message, question) => {
    const match = kb.match(message);
    expect(match?.article.question).toBe(question);
    expect(match!.confidence).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('does not forgive a changed letter in a short word, where it is usually another word', () => {
    expect(kb.match('pat')).toBeUndefined();
  });
});

describe('unrelated and vague messages', () => {
  it('finds nothing for text about something else', () => {
    expect(kb.match('What is the weather like in Paris?')).toBeUndefined();
  });

  it('finds nothing in greetings and common words', () => {
    expect(kb.match('Hello! Can you help me, please?')).toBeUndefined();
    expect(kb.match('')).toBeUndefined();
  });

  it('is unsure when only part of the message matches', () => {
    const match = kb.match('the zipper of my jacket broke, what about the refund');
    expect(match?.article.question).toBe('Can I return an item and get a refund?');
    expect(match!.coverage).toBeLessThan(0.5);
    expect(match!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('is unsure when two articles fit equally', () => {
    const match = kb.match('I want to cancel');
    expect(match!.coverage).toBe(1);
    expect(match!.dominance).toBeLessThan(0.6);
    expect(match!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('is less sure when a word of the message belongs to another article', () => {
    // "back" is a keyword of the refund article ("money back"), so the password article explains
    // two of three terms and leads the refund article instead of standing alone.
    const match = kb.match('I forgot my password, how do I get back in?');
    expect(match?.article.question).toBe('How do I reset my password?');
    expect(match!.coverage).toBeCloseTo(2 / 3);
    expect(match!.dominance).toBeLessThan(1);
    expect(match!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('counts a word found only in an answer as half a match', () => {
    const match = kb.match('PayPal or Visa?');
    expect(match?.article.question).toBe('Which payment methods do you accept?');
    expect(match!.coverage).toBe(0.75);
  });
});

describe('several messages together', () => {
  it('lets a second message break a tie the first left', () => {
    expect(kb.match('my monthly plan')!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
    const match = kb.match(['I want to cancel', 'my monthly plan']);
    expect(match?.article.question).toBe('How do I cancel my subscription?');
    expect(match!.confidence).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('takes the coverage of the message the article explains best', () => {
    const match = kb.match(['I have a problem with my order', 'I forgot my password']);
    expect(match?.article.question).toBe('How do I reset my password?');
    expect(match!.coverage).toBe(1);
  });

  it('stays unsure when the second message adds nothing', () => {
    expect(kb.match(['I want to cancel', 'my cat is sick'])!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('languages', () => {
  const german = buildKnowledgeBase(
    [
      { question: 'Wie setze ich mein Passwort zurück?', answer: 'Klicken Sie auf der Anmeldeseite auf „Passwort vergessen“.' },
      { question: 'Wie lange dauert der Versand?', answer: '2 bis 4 Werktage.', keywords: ['Lieferung', 'Paket'] },
    ],
    { languages: ['de'] },
  );

  it('leaves out the common words of the given language', () => {
    expect(german.termsOf('Wie kann ich mein Passwort zurücksetzen?')).toEqual(['passwort', 'zurucksetzen']);
  });

  it('matches without regard to accents and case', () => {
    const match = german.match('PASSWORT zuruck');
    expect(match?.article.question).toBe('Wie setze ich mein Passwort zurück?');
    expect(match!.confidence).toBe(1);
  });

  it('finds a German paraphrase', () => {
    expect(german.match('Wann kommt mein Paket?')?.article.question).toBe('Wie lange dauert der Versand?');
  });
});
