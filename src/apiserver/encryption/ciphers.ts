/**
 * The ciphers of the aescbc, aesgcm and secretbox providers, byte for byte
 * as upstream lays them out:
 *   aescbc:    16-byte random IV | AES-CBC ciphertext of the PKCS#7-padded value (no authentication)
 *   aesgcm:    12-byte random nonce | AES-GCM ciphertext | 16-byte tag, the storage key as additional data
 *   secretbox: 24-byte random nonce | XSalsa20-Poly1305 box (tweetnacl: Node's crypto has no XSalsa20)
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from "node:crypto";
import nacl from "tweetnacl";
import { TransformError, type ByteCipher } from "./transformer.js";

const AES_BLOCK = 16;
const GCM_NONCE = 12;
const GCM_TAG = 16;
const SECRETBOX_NONCE = nacl.secretbox.nonceLength;

function aesBits(key: Buffer): 128 | 192 | 256 {
  const bits = key.length * 8;
  if (bits !== 128 && bits !== 192 && bits !== 256) throw new Error(`crypto/aes: invalid key size ${key.length}`);
  return bits;
}

export function aesCBC(key: Buffer): ByteCipher {
  const algorithm = `aes-${aesBits(key)}-cbc`;
  return {
    encrypt(data) {
      const iv = randomBytes(AES_BLOCK);
      // Node pads with PKCS#7 by default, as upstream pads by hand.
      const c = createCipheriv(algorithm, key, iv);
      return Buffer.concat([iv, c.update(data), c.final()]);
    },
    decrypt(data) {
      if (data.length < AES_BLOCK) throw new TransformError("the stored data was shorter than the required size");
      const body = data.subarray(AES_BLOCK);
      if (body.length % AES_BLOCK !== 0) throw new TransformError("the stored data is not a multiple of the block size");
      const d = createDecipheriv(algorithm, key, data.subarray(0, AES_BLOCK));
      d.setAutoPadding(false);
      const out = Buffer.concat([d.update(body), d.final()]);
      return unpadPKCS7(out);
    },
  };
}

/** Checks the padding as upstream does, with its messages (a wrong key mostly fails here). */
function unpadPKCS7(data: Buffer): Buffer {
  const pad = data.length ? data[data.length - 1]! : 0;
  if (pad === 0 || pad > data.length) throw new TransformError("invalid PKCS7 data (empty or not padded)");
  for (let i = data.length - pad; i < data.length; i++) if (data[i] !== pad) throw new TransformError("invalid padding on input");
  return data.subarray(0, data.length - pad);
}

export function aesGCM(key: Buffer): ByteCipher {
  const algorithm: CipherGCMTypes = `aes-${aesBits(key)}-gcm`;
  return {
    encrypt(data, aad) {
      const nonce = randomBytes(GCM_NONCE);
      const c = createCipheriv(algorithm, key, nonce);
      c.setAAD(aad);
      return Buffer.concat([nonce, c.update(data), c.final(), c.getAuthTag()]);
    },
    decrypt(data, aad) {
      if (data.length < GCM_NONCE) throw new TransformError("the stored data was shorter than the required size");
      if (data.length < GCM_NONCE + GCM_TAG) throw new TransformError("cipher: message authentication failed");
      const d = createDecipheriv(algorithm, key, data.subarray(0, GCM_NONCE));
      d.setAAD(aad);
      d.setAuthTag(data.subarray(data.length - GCM_TAG));
      try {
        return Buffer.concat([d.update(data.subarray(GCM_NONCE, data.length - GCM_TAG)), d.final()]);
      } catch {
        throw new TransformError("cipher: message authentication failed");
      }
    },
  };
}

export function secretbox(key: Buffer): ByteCipher {
  if (key.length !== nacl.secretbox.keyLength) throw new Error(`expected key size 32 for secretbox provider, got ${key.length}`);
  const k = new Uint8Array(key);
  return {
    encrypt(data) {
      const nonce = randomBytes(SECRETBOX_NONCE);
      return Buffer.concat([nonce, nacl.secretbox(new Uint8Array(data), new Uint8Array(nonce), k)]);
    },
    decrypt(data) {
      if (data.length < nacl.secretbox.overheadLength + SECRETBOX_NONCE) throw new TransformError("the stored data was shorter than the required size");
      const out = nacl.secretbox.open(new Uint8Array(data.subarray(SECRETBOX_NONCE)), new Uint8Array(data.subarray(0, SECRETBOX_NONCE)), k);
      // Upstream's wording for a box that does not open (wrong key or tampered data).
      if (!out) throw new TransformError("output array was not large enough for encryption");
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
