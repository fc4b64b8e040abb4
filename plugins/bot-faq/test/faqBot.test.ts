import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, decide, type FaqBotOptions } from '../src/index.js';
import { SHOP_ARTICLES } from './support/articles.js';
import { History } from './support/history.js';

const kb = buildKnowledgeBase(SHOP_ARTICLES);
const OPTIONS: FaqBotOptions = {
  threshold: 0.6,
  clarifyingQuestion: 'Could you tell me a bit more, so I can find the right answer?',
  clarifyingSuggestion: 'Did you mean "{question}"?',
};

/** What the bot replies, recorded as the core records it (`metadata.bot` beside the bot's own). */
function botSays(history: History, options = OPTIONS) {
  const response = decide(kb, options, history.turn());
  if ('reply' in response) history.reply(response.reply, { ...response.metadata, bot: 'faq' });
  return response;
}

describe('a confident match', () => {
  it('answers with the article and its confidence', () => {
    const history = new History();
    history.customer("I forgot my password and can't sign in");
    expect(botSays(history)).toEqual({
      reply: SHOP_ARTICLES[0]!.answer,
      confidence: 1,
      metadata: { article: 'How do I reset my password?', articleIndex: 0 },
    });
  });
});

describe('the clarifying flow', () => {
  it('asks a clarifying question, naming the closest article, when unsure the first time', () => {
    const history = new History();
    history.customer('I want to cancel');
    expect(botSays(history)).toEqual({
      reply: 'Could you tell me a bit more, so I can find the right answer? Did you mean "How do I cancel an order?"?',
      answered: false,
      metadata: { clarifying: true, closestArticle: 'How do I cancel an order?', confidence: expect.any(Number) },
    });
  });

  it('asks without a suggestion when no article is close, or when suggestions are turned off', () => {
    const history = new History();
    history.customer('What is the weather like?');
    expect(botSays(history)).toEqual({ reply: OPTIONS.clarifyingQuestion, answered: false, metadata: { clarifying: true } });

    const other = new History();
    other.customer('I want to cancel');
    expect(botSays(other, { ...OPTIONS, clarifyingSuggestion: '' })).toMatchObject({ reply: OPTIONS.clarifyingQuestion, answered: false });
  });

  it('answers after its clarifying question when the two messages together are clear', () => {
    const history = new History();
    history.customer('I want to cancel');
    botSays(history);
    history.customer('my monthly plan');
    expect(botSays(history)).toMatchObject({ reply: SHOP_ARTICLES[5]!.answer, metadata: { article: 'How do I cancel my subscription?' } });
  });

  it('hands off, naming that no article matched, when still unsure after its clarifying question', () => {
    const history = new History();
    history.customer('I want to cancel');
    botSays(history);
    history.customer('my cat is sick');
    const response = decide(kb, OPTIONS, history.turn());
    expect(response).toEqual({ handOff: expect.stringMatching(/^No FAQ article matched the customer's question, even after a clarifying question: the closest, "How do I cancel an order\?", has confidence 0\.\d+, below the threshold of 0\.6\.$/) });
  });

  it('says no article shares a word when nothing matched at all', () => {
    const history = new History();
    history.customer('What is the weather like?');
    botSays(history);
    history.customer('Rain tomorrow?');
    expect(decide(kb, OPTIONS, history.turn())).toEqual({ handOff: "No FAQ article matched the customer's question, even after a clarifying question: none shares a word with it." });
  });

  it('answers a clear message right after its clarifying question, whatever came before', () => {
    const history = new History();
    history.customer('I have a problem');
    botSays(history);
    history.customer('I forgot my password');
    expect(botSays(history)).toMatchObject({ reply: SHOP_ARTICLES[0]!.answer, confidence: 1 });
  });

  it('asks only once per conversation: unsure again later, it hands off', () => {
    const history = new History();
    history.customer('I want to cancel');
    botSays(history);
    history.customer('my monthly plan');
    expect(botSays(history)).toMatchObject({ reply: SHOP_ARTICLES[5]!.answer });
    history.customer('and what about the other thing?');
    expect(decide(kb, OPTIONS, history.turn())).toEqual({
      handOff: "No FAQ article matched the customer's question, and the bot already asked a clarifying question in this conversation: none shares a word with it.",
    });
  });

  it('does not take another bot\'s question, or its own answer, for its clarifying question', () => {
    const afterOtherBot = new History();
    afterOtherBot.reply('Anything else?', { bot: 'survey', clarifying: true });
    afterOtherBot.customer('hmm');
    expect(botSays(afterOtherBot)).toMatchObject({ answered: false, metadata: { clarifying: true } });

    const afterAnswer = new History();
    afterAnswer.customer('track my parcel');
    botSays(afterAnswer);
    afterAnswer.customer('hmm');
    expect(botSays(afterAnswer)).toMatchObject({ answered: false, metadata: { clarifying: true } });
  });
});
