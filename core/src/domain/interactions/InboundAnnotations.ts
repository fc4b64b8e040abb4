import { serviceToken, type AnnotatedMessage } from '@rapport/sdk';

/**
 * What the domain asks of plugins' annotators (`contributes.annotators`) before it stores an
 * inbound message: the metadata they add. The domain states the need; annotations/ answers it
 * from the contribution registry, so recording does not depend on the plugin host.
 */
export interface InboundAnnotations {
  /**
   * The keys every annotator adds to this message, merged in declaration order (the first to
   * give a key keeps it), leaving out keys the message already has. Never throws: an annotator
   * that fails or times out adds nothing, and its plugin is charged with the failure.
   */
  annotate(message: AnnotatedMessage): Promise<Record<string, unknown>>;
}

/** The container token of {@link InboundAnnotations}. */
export const InboundAnnotations = serviceToken<InboundAnnotations>('rapport.core.InboundAnnotations');
