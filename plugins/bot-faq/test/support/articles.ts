import type { Article } from '../../src/index.js';

/** A small shop's knowledge base, the README's example; the tests ask it paraphrased questions. */
export const SHOP_ARTICLES: Article[] = [
  {
    question: 'How do I reset my password?',
    answer: 'Click "Forgot password" on the sign-in page and follow the link we email you. The link works for one hour.',
    keywords: ['forgot', 'login', 'sign in', 'locked out'],
  },
  {
    question: 'How long does shipping take?',
    answer: 'Orders ship within one working day; delivery takes 2 to 4 working days in the EU.',
    keywords: ['delivery', 'arrive', 'parcel', 'track'],
  },
  {
    question: 'Can I return an item and get a refund?',
    answer: 'Yes: within 30 days, unused, in its box. Start a return under Orders; the refund reaches you within 5 days of our receiving it.',
    keywords: ['refund', 'money back', 'send back', 'exchange'],
  },
  {
    question: 'Which payment methods do you accept?',
    answer: 'Visa, Mastercard, PayPal and bank transfer.',
    keywords: ['pay', 'credit card', 'paypal', 'invoice'],
  },
  {
    question: 'How do I change my email address?',
    answer: 'Under Account > Profile, enter the new address and confirm it from the email we send there.',
    keywords: ['account', 'profile', 'update email'],
  },
  {
    question: 'How do I cancel my subscription?',
    answer: 'Under Account > Subscription, choose Cancel. You keep access until the end of the period you paid for.',
    keywords: ['plan', 'membership'],
  },
  {
    question: 'How do I cancel an order?',
    answer: 'Orders can be cancelled until they ship, under Orders > Cancel.',
    keywords: ['purchase'],
  },
];
