import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { KeyValueStorage } from '@rapport/sdk';

/** The storage key of the plugin's own signing key for visitor tokens. */
export const SIGNING_KEY = 'visitor-token-key';
const AUDIENCE = 'rapport-chat-visitor';
const ISSUER = '@rapport/plugin-channel-chat';

/** A visitor's handle on the chat channel: `v_` and 22 base64url characters (128 bits). */
export const HANDLE_PATTERN = /^v_[A-Za-z0-9_-]{22}$/;

/** A new anonymous visitor's handle. */
export function newHandle(): string {
  return `v_${randomBytes(16).toString('base64url')}`;
}

/** A visitor token that is valid, for the handle it names. */
export interface VerifiedVisitor {
  handle: string;
  expiresAt: Date;
}

/**
 * Issues and checks visitor tokens: JWTs (HS256) whose subject is one visitor handle, signed with a
 * key the plugin makes once and keeps in its storage, so every instance and every restart accepts
 * them. A token grants exactly that handle's chat and nothing else.
 */
export class VisitorTokens {
  private key: Promise<Uint8Array> | undefined;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly lifetimeMs: number,
  ) {}

  /** A fresh token for `handle`. */
  async issue(handle: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.lifetimeMs);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(handle)
      .setAudience(AUDIENCE)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.signingKey());
    return { token, expiresAt };
  }

  /** The visitor `token` stands for, or undefined when it is not one of ours or has expired. */
  async verify(token: string): Promise<VerifiedVisitor | undefined> {
    const attempt = async (key: Uint8Array) => {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, requiredClaims: ['sub', 'exp'] });
      return payload.sub && HANDLE_PATTERN.test(payload.sub) ? { handle: payload.sub, expiresAt: new Date(payload.exp! * 1000) } : undefined;
    };
    try {
      return await attempt(await this.signingKey());
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) return undefined;
      // Two instances that started at once may both have made a key; the stored one wins, so
      // read it again before calling the signature bad.
      this.key = undefined;
      return attempt(await this.signingKey()).catch(() => undefined);
    }
  }

  private signingKey(): Promise<Uint8Array> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<Uint8Array> {
    let stored = await this.storage.get<string>(SIGNING_KEY);
    if (!stored) {
      await this.storage.set(SIGNING_KEY, randomBytes(32).toString('base64url'));
      stored = (await this.storage.get<string>(SIGNING_KEY))!;
    }
    return Buffer.from(stored, 'base64url');
  }
}
