import type { CustomerDataHandler, DataSubject } from '@rapport/sdk';
import type { PulseStore } from './store.js';

/**
 * `pulse-invitations`: what the plugin keeps about an employee, which is only the invitations
 * of open rounds and whether each was answered. The answer itself is not theirs to export: it
 * is stored without any link to them, which is the point, so it cannot be found, exported or
 * erased, and an erasure leaves the round's figures as they are.
 */
export function pulseCustomerData(store: PulseStore): CustomerDataHandler {
  return {
    async export(subject) {
      const invitations = [];
      for (const { round, ref } of await invitationsOf(store, subject)) {
        const record = await store.round(round);
        invitations.push({ round, question: record?.question ?? null, invitedAt: record?.startedAt ?? null, answered: await store.hasAnswered(round, ref) });
      }
      return { employee: (await store.employeeIds()).some((id) => idsOf(subject).includes(id)), invitations };
    },
    async erase(subject) {
      const tokens = await store.tokens();
      for (const { round, ref } of await invitationsOf(store, subject)) await store.forgetMember(round, ref, tokens);
      for (const id of idsOf(subject)) await store.removeEmployee(id);
    },
  };
}

function idsOf(subject: DataSubject): string[] {
  return [subject.id, ...subject.mergedIds];
}

async function invitationsOf(store: PulseStore, subject: DataSubject): Promise<{ round: string; ref: string }[]> {
  const ids = idsOf(subject);
  const found = [];
  for (const member of await store.memberRefs()) {
    const record = await store.member(member.round, member.ref);
    if (record && ids.includes(record.customerId)) found.push(member);
  }
  return found;
}
