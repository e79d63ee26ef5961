using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Conformance;

/// <summary>
/// The built emulator (out/emulator, or $env:ZSCALERSCIM_EMULATOR), started once for every test class of the
/// collection as tests/ZiaEmulator.psm1 starts it: --port 0, the first stdout line is the handshake JSON.
/// </summary>
public sealed class Emulator : IAsyncLifetime
{
    private Process? _process;

    public JsonObject Handshake { get; private set; } = new();

    /// <summary>For the control API (/_emulator) and raw calls; no proxy, no redirects.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public string Origin => Text("baseUri").TrimEnd('/');

    public string Text(string name) => Handshake[name]?.GetValue<string>() ?? throw new InvalidOperationException($"The handshake has no '{name}'.");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { FindDll(), "--port", "0", "--exit-on-stdin-close" })
        {
            start.ArgumentList.Add(a);
        }
        _process = Process.Start(start)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (string.IsNullOrEmpty(line))
        {
            throw new InvalidOperationException($"The emulator did not start: {await _process.StandardError.ReadToEndAsync()}");
        }
        Handshake = JsonNode.Parse(line)!.AsObject();
        // Keep draining its output so that it never blocks on a full pipe.
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = _process.StandardError.BaseStream.CopyToAsync(Stream.Null);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false } p)
        {
            p.StandardInput.Close();
            if (!p.WaitForExit(5000))
            {
                p.Kill();
            }
        }
        _process?.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>A control API call (/_emulator/...): the answer's JSON, or null for 204.</summary>
    public async Task<JsonNode?> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{Origin}/_emulator/{path.TrimStart('/')}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} /_emulator/{path} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static string FindDll()
    {
        if (Environment.GetEnvironmentVariable("ZSCALERSCIM_EMULATOR") is { Length: > 0 } given)
        {
            return given;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "build.ps1")))
            {
                var dll = Path.Combine(dir.FullName, "out", "emulator", "ZscalerScim.Emulator.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"The emulator is not built at {dll}: run ./build.ps1 -Task Test (or dotnet build tests/ZscalerScim.Emulator -c Release -o out/emulator).");
            }
        }
        throw new InvalidOperationException("No build.ps1 above the test's folder; set ZSCALERSCIM_EMULATOR to the emulator's dll.");
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<Emulator>
{
    public const string Name = "emulator";
}
