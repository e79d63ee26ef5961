using System.Collections.Generic;
using Newtonsoft.Json;

namespace ZscalerScim.Scim;

/// <summary>Walking a JSON answer as it streams in (list pages, users, bulk answers), without a tree.</summary>
internal static class JsonWalk
{
    /// <summary>
    /// The property names of the object the reader is on, each with the reader on its name: the value is the caller's to
    /// read or skip. Nothing when the reader is on another kind of value (the caller decides whether that is an error).
    /// </summary>
    public static IEnumerable<string> Properties(JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            yield break;
        }
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            yield return (string)reader.Value!;
        }
    }
}
