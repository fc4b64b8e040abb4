import { ValidationError, type MessageTemplate } from '@rapport/sdk';
import { applyRule } from '../domain/inputRules.js';

/** A template as `SendMessageInput.template` gives it, checked: a name, a language, text parameters. */
export function checkTemplate(template: unknown): MessageTemplate {
  const given = template as Partial<MessageTemplate> | null;
  if (!given || typeof given !== 'object') throw new ValidationError('template must be an object with name, language and optional parameters.', 'template');
  const name = typeof given.name === 'string' ? applyRule('externalId', given.name, 'template.name').trim() : '';
  if (!name) throw new ValidationError('template.name is required: the template\'s name as approved by the provider, e.g. "order_update".', 'template.name');
  const language = typeof given.language === 'string' ? given.language.trim() : '';
  if (!/^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/.test(language)) {
    throw new ValidationError(`template.language must be a language code such as "en_US" or "de", got ${JSON.stringify(given.language)}.`, 'template.language');
  }
  const parameters = given.parameters ?? [];
  if (!Array.isArray(parameters) || parameters.some((parameter) => typeof parameter !== 'string')) {
    throw new ValidationError('template.parameters must be a list of strings, one per {{n}} of the template, in order.', 'template.parameters');
  }
  return { name, language, parameters: parameters.map((parameter, index) => applyRule('subject', parameter, `template.parameters[${index}]`)) };
}

/** What the record of a template message says, for a person reading the conversation. */
export function describeTemplate(template: MessageTemplate): string {
  const parameters = template.parameters?.length ? `: ${template.parameters.join(' | ')}` : '';
  return `[template ${template.name} (${template.language})${parameters}]`;
}
