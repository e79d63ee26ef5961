using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Portal;

namespace ZscalerScim.Emulator.State;

/// <summary>
/// Switches that break one link of a SCIM setup on the ZIA side, the way an admin does by hand (README, "Breaking a link").
/// The IdP side (an Entra job, an Okta app) keeps what it held, so each break shows where an admin would see it.
/// </summary>
public sealed partial class EmulatorState
{
    public static readonly string[] BreakKinds = ["tokenRotated", "notActivated", "scimOff", "unregisteredDomain"];

    /// <summary><c>POST /_emulator/break</c>: answers what was done.</summary>
    /// <exception cref="InvalidInputException">An unknown kind, IdP or domain.</exception>
    public JsonObject Break(string kind, long idpId, string? domain)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            if (kind == "unregisteredDomain")
            {
                var domains = _org["domains"] as JsonArray ?? [];
                var name = domain ?? domains.Select(d => d?.GetValue<string>()).LastOrDefault(d => d != (string?)_org["pdomain"])
                    ?? throw new InvalidInputException("the organization has no domain besides its primary one: name one with domain");
                var kept = domains.Where(d => !string.Equals(d?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)).Select(d => d!.DeepClone()).ToArray();
                if (kept.Length == domains.Count)
                {
                    throw new InvalidInputException($"'{name}' is not a registered domain of the organization");
                }
                _org["domains"] = new JsonArray(kept);
                return new JsonObject { ["kind"] = kind, ["domain"] = name };
            }
            if (!_pendingIdps.TryGetValue(idpId, out var pending) || !_activeIdps.TryGetValue(idpId, out var active))
            {
                throw new InvalidInputException($"no identity provider {idpId}");
            }
            switch (kind)
            {
                case "tokenRotated":
                    // Generate Token, Save, Activate in ZIA; the IdP still holds the old token.
                    var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
                    foreach (var idp in new[] { pending, active })
                    {
                        idp["scimSharedSecret"] = token;
                        idp["scimSharedSecretExists"] = true;
                        idp["lastModifiedTime"] = now.ToUnixTimeSeconds();
                    }
                    break;
                case "notActivated":
                    // Saved (the same values) and not activated: the status is PENDING, the active state unchanged.
                    pending["lastModifiedTime"] = now.ToUnixTimeSeconds();
                    MarkChanged();
                    break;
                case "scimOff":
                    // SCIM turned off and activated.
                    foreach (var idp in new[] { pending, active })
                    {
                        idp["scimEnabled"] = false;
                        idp["scimServiceProviderEndpoint"] = IdpRules.Endpoint(_origin, _orgId, idpId, false);
                        idp["lastModifiedTime"] = now.ToUnixTimeSeconds();
                    }
                    break;
                default:
                    throw new InvalidInputException($"kind must be one of {string.Join(", ", BreakKinds)}");
            }
            return new JsonObject { ["kind"] = kind, ["idpId"] = idpId };
        }
    }
}
