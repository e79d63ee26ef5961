using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>Hides every secret before a body reaches the Debug stream.</summary>
internal static class SecretRedactor
{
    private const string Hidden = "(hidden)";

    // Field names whose values are secrets in ZIA, OneAPI, the Admin Portal and SCIM bodies.
    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "apiKey", "password", "client_secret", "client_assertion", "access_token", "refresh_token", "id_token",
        "bearerToken", "scimSharedSecret", "kerberosPwd", "token", "secret", "authorization",
    };

    // Keys of Graph's key-value collections ({"key":"SecretToken","value":"..."}: synchronization secrets, credentials)
    // whose value is a secret.
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "SecretToken", "ClientSecret", "Password" };

    public static bool IsSecretField(string name) => SecretFields.Contains(name);

    /// <summary>The secret values in a body, by the same field rules, for <see cref="SecretValues"/>.</summary>
    public static void Remember(JToken? token)
    {
        if (token is not JContainer container)
        {
            return;
        }
        foreach (JToken t in container.DescendantsAndSelf())
        {
            if (t is JProperty { Value: JValue { Type: JTokenType.String } value } property && IsSecretField(property.Name))
            {
                SecretValues.Remember((string?)value);
            }
            else if (t is JObject pair && pair["key"] is JValue { Type: JTokenType.String } key && SecretKeys.Contains((string)key!) && pair["value"] is JValue { Type: JTokenType.String } secret)
            {
                SecretValues.Remember((string?)secret);
            }
        }
    }

    /// <summary>The secret values of a form, for <see cref="SecretValues"/>.</summary>
    public static void Remember(IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach (var field in fields.Where(f => IsSecretField(f.Key)))
        {
            SecretValues.Remember(field.Value);
        }
    }

    public static string Json(JToken token)
    {
        JToken copy = token.DeepClone();
        IEnumerable<JToken> all = copy is JContainer container ? container.DescendantsAndSelf() : Enumerable.Empty<JToken>();
        foreach (JProperty property in all.OfType<JProperty>().ToList())
        {
            if (IsSecretField(property.Name) && property.Value.Type != JTokenType.Null)
            {
                property.Value = Hidden;
            }
        }
        foreach (JObject pair in all.OfType<JObject>().ToList())
        {
            if (pair["key"] is JValue { Type: JTokenType.String } key && SecretKeys.Contains((string)key!) && pair["value"] is { Type: not JTokenType.Null })
            {
                pair["value"] = Hidden;
            }
        }
        return copy.ToString(Newtonsoft.Json.Formatting.None);
    }

    public static string Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => f.Key + "=" + (IsSecretField(f.Key) ? Hidden : f.Value)));

    /// <summary>A parsed answer: JSON redacted field by field and cut at 4,000 characters; anything else shown only by length.</summary>
    public static string Answer(JToken? json, long length)
    {
        if (json is null)
        {
            return length == 0 ? "(empty)" : $"({length} bytes, not JSON)";
        }
        string text = Json(json);
        return text.Length > 4000 ? text.Substring(0, 4000) + "..." : text;
    }

    /// <summary>A response body: JSON is redacted field by field; anything else is shown only by length.</summary>
    public static string Body(string body)
    {
        if (body.Length == 0)
        {
            return "(empty)";
        }
        try
        {
            string text = Json(JToken.Parse(body));
            return text.Length > 4000 ? text.Substring(0, 4000) + "..." : text;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return $"({body.Length} characters, not JSON)";
        }
    }
}
