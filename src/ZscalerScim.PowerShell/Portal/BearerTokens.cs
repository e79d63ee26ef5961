using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Portal;

/// <summary>A token just generated and saved on an identity provider, and what the tenant is known to hold.</summary>
internal sealed class NewBearerToken
{
    public NewBearerToken(string token, bool replaced, ZiaException? unconfirmed)
    {
        Token = token;
        Replaced = replaced;
        Unconfirmed = unconfirmed;
    }

    /// <summary>The new token: handed out whenever the tenant may hold it.</summary>
    public string Token { get; }

    /// <summary>The identity provider had a token before.</summary>
    public bool Replaced { get; }

    /// <summary>Why the save is not confirmed (SaveState Unknown or Unverified); null when it was read back.</summary>
    public ZiaException? Unconfirmed { get; }
}

/// <summary>An identity provider's SCIM bearer token: read it, or generate, save and verify a new one.</summary>
internal static class BearerTokens
{
    /// <summary>Checked before anything is generated: a token generated but never saved would be a secret made for nothing.</summary>
    public static void RequireField(ZiaIdentityProvider idp) => IdentityProviders.RequireFields(idp, new[] { IdpWire.BearerToken });

    /// <summary>The token the identity provider holds (its field checked first).</summary>
    public static string Read(ZiaIdentityProvider idp)
    {
        RequireField(idp);
        string token = (string?)idp.Raw[IdpWire.BearerToken] ?? string.Empty;
        if (token.Length == 0)
        {
            throw new ZiaException("ZiaBearerTokenNotSet", ErrorCategory.ObjectNotFound,
                $"Identity provider '{idp.Name}' has no SCIM bearer token yet. Create one with New-ZiaScimBearerToken.", idp);
        }
        return token;
    }

    /// <summary>
    /// The portal's "Generate Token", then the save. Throws only when the tenant cannot hold the new token (the generator
    /// failed, or the service refused the save); otherwise returns it, with the reason when the save is unconfirmed.
    /// </summary>
    public static async Task<NewBearerToken> ReplaceAsync(ZiaIdentityProvider idp, OperationLog log, CancellationToken cancel)
    {
        RequireField(idp);
        string fresh = await GenerateAsync(idp.Session, log, cancel).ConfigureAwait(false);
        try
        {
            await IdentityProviders.SaveAsync(idp, new Dictionary<string, JToken> { [IdpWire.BearerToken] = fresh }, log, cancel).ConfigureAwait(false);
            return new NewBearerToken(fresh, idp.HasBearerToken, null);
        }
        catch (ZiaException ex) when (ex.SaveState != SaveState.NotSaved)
        {
            // The PUT carrying the token may have reached the service: the tenant may hold it now, so the caller must get it.
            return new NewBearerToken(fresh, idp.HasBearerToken, ex);
        }
        catch (ZiaException ex)
        {
            throw new ZiaException(ex.ErrorId, ex.Category,
                $"A new token was generated but not saved on '{idp.Name}' (the service refused the write); the current token stays in force. {ex.Message}", idp, ex);
        }
        catch (OperationCanceledException ex) when (StoppedMidwayException.IsStop(ex, cancel) && ex is not StoppedMidwayException)
        {
            // As a save without a clear answer: the tenant may hold the new token, which this command can no longer output.
            throw new StoppedMidwayException(
                $"Stopped after a new SCIM bearer token of '{idp.Name}' was generated: its save may or may not have reached ZIA, and the identity provider was not changed. " +
                $"Get-ZiaScimBearerToken -IdentityProvider '{idp.Name}' shows what ZIA holds (saved, activated or not). If it is the new one, put it into the identity provider " +
                "before anything activates the changes (Publish-ZiaChange, an admin session ending); if not, the current token stays in force.", ex, cancel);
        }
    }

    private static async Task<string> GenerateAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken? json = await IdentityProviders.SendAsync(session, HttpMethod.Post, IdpWire.GeneratorPath, null, log, cancel).ConfigureAwait(false);
        string? token = (string?)json?[IdpWire.GeneratedToken];
        if (string.IsNullOrEmpty(token))
        {
            throw IdentityProviders.Drift($"a generated token in the field {IdpWire.GeneratedToken}");
        }
        return token!;
    }
}
