using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Scim;

/// <summary>What the SCIM server reads from the organization.</summary>
public static class ScimOrganization
{
    /// <summary>The registered domains (<c>domains</c> of orgInformation; <c>PUT /_emulator/org</c> changes them).</summary>
    public static IReadOnlyList<string> Domains(EmulatorState state) =>
        state.GetOrganization(lite: true)["domains"] is JsonArray domains
            ? [.. domains.OfType<JsonValue>().Where(d => d.GetValueKind() == JsonValueKind.String).Select(d => d.GetValue<string>())]
            : [];
}
