import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenTable } from "./token.js";

describe("skiff token list", () => {
  it("prints kubeadm's columns, <forever>/<never> for tokens without expiration and <none> without description", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const out = tokenTable(
      [
        { id: "abcdef", secret: "0123456789abcdef", expiration: new Date(now + 23.5 * 3600_000), usages: ["signing", "authentication"], extraGroups: ["system:bootstrappers:kubeadm:default-node-token"], description: "rack 3" },
        { id: "zyxwvu", secret: "0123456789abcdef", usages: ["signing"], extraGroups: [] },
      ],
      now,
    );
    assert.equal(
      out,
      [
        "TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION   EXTRA GROUPS",
        "abcdef.0123456789abcdef   23h         2030-01-01T23:30:00Z   authentication,signing   rack 3        system:bootstrappers:kubeadm:default-node-token",
        "zyxwvu.0123456789abcdef   <forever>   <never>                signing                  <none>        ",
        "",
      ].join("\n"),
    );
  });
});
