import { ValidationError, type InboundResult } from '@rapport/sdk';
import { callMessage, isCallStatus, type CallUpdate } from './callRecord.js';
import type { RecentCalls } from './recentCalls.js';
import type { TwilioCall } from './twilioApi.js';
import { emptyTwiml } from './twiml.js';

/** Reads a call from Twilio's API, for callbacks that do not say who the call was between. */
export type CallLookup = (callSid: string) => Promise<TwilioCall>;

/**
 * A signed request to `POST /channels/phone/inbound`: a voice status callback, a recording
 * callback or a transcription callback, all recorded on the one `call` interaction of their
 * `CallSid` (see {@link callMessage}). A callback without `From` and `To` (a recording callback
 * always) for a call this process has not seen costs one `GET …/Calls/{sid}.json` to learn who
 * the customer is.
 *
 * @throws ValidationError for a request without `CallSid`, one that is none of the three
 *   callbacks, or an unknown `CallStatus`; the route answers 400 and stores nothing.
 */
export async function readCallWebhook(form: URLSearchParams, lookup: CallLookup, recent: RecentCalls): Promise<InboundResult> {
  const callSid = text(form, 'CallSid');
  if (!callSid) {
    throw new ValidationError(
      'This request to /channels/phone/inbound has no CallSid. Point only the voice status callback and the recording and transcription callbacks here; messaging webhooks go to /channels/sms/inbound.',
      'CallSid',
    );
  }
  const status = text(form, 'CallStatus')?.toLowerCase();
  if (status !== undefined && !isCallStatus(status)) {
    throw new ValidationError(`CallStatus "${form.get('CallStatus')}" of call ${callSid} is not one of Twilio's call statuses (queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled).`, 'CallStatus');
  }
  const recordingUrl = text(form, 'RecordingUrl');
  const transcriptionStatus = text(form, 'TranscriptionStatus')?.toLowerCase();
  const transcript = form.get('TranscriptionText') ?? undefined;
  if (status === undefined && recordingUrl === undefined && transcript === undefined && transcriptionStatus === undefined) {
    throw new ValidationError(`The callback for call ${callSid} has no CallStatus, RecordingUrl or TranscriptionText, so it is not a status, recording or transcription callback Twilio sends.`, 'CallStatus');
  }
  let update: Omit<CallUpdate, 'customer'> = {
    callSid,
    status,
    direction: text(form, 'Direction')?.toLowerCase(),
    from: text(form, 'From'),
    to: text(form, 'To'),
    durationSec: seconds(form.get('CallDuration')),
    recordingUrl,
    recordingSid: text(form, 'RecordingSid'),
    recordingDurationSec: seconds(form.get('RecordingDuration')),
    transcript: transcript === undefined || transcriptionStatus === 'failed' ? undefined : transcript,
    transcriptionStatus,
    occurredAt: dateOf(form.get('Timestamp')),
  };
  const known = recent.get(callSid);
  if (known && (!update.from || !update.to || !update.direction)) {
    update = { ...update, from: update.from ?? known.from, to: update.to ?? known.to, direction: update.direction ?? known.direction };
  }
  if (!update.from || !update.to || !update.direction) {
    const call = await lookup(callSid);
    update = {
      ...update,
      from: update.from ?? call.from,
      to: update.to ?? call.to,
      direction: update.direction ?? call.direction.toLowerCase(),
      // What Twilio's API says now is a status callback of its own; ranks keep the furthest.
      status: update.status ?? (isCallStatus(call.status) ? call.status : undefined),
      durationSec: update.durationSec ?? seconds(call.duration),
    };
  }
  recent.remember(callSid, { from: update.from!, to: update.to!, direction: update.direction! });
  const customer = update.direction!.startsWith('outbound') ? update.to! : update.from!;
  return { messages: [callMessage({ ...update, customer })], response: emptyTwiml() };
}

function text(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name)?.trim();
  return value ? value : undefined;
}

function seconds(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function dateOf(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
