using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.ServicePrincipals.Item.Synchronization.Jobs.Item.Restart;
using Microsoft.Graph.ServicePrincipals.Item.Synchronization.Jobs.Item.ValidateCredentials;
using Microsoft.Graph.ServicePrincipals.Item.Synchronization.Secrets;
using Microsoft.Kiota.Abstractions;

namespace ZscalerScim.Conformance;

/// <summary>
/// Every Graph call the module makes (src/ZscalerScim.PowerShell/Entra/GraphWire.cs), made with Microsoft's Graph SDK
/// through its typed request builders and models: what the SDK reads must carry every field Graph always writes, and
/// every error must reach it as an ODataError with a code.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class GraphConformanceTests(Emulator emulator) : IAsyncLifetime
{
    private GraphServiceClient _graph = null!;

    public async Task InitializeAsync()
    {
        // The provisioning cycles call ZIA's SCIM server: no rate window in the way.
        await emulator.ControlAsync(HttpMethod.Put, "scim/config", new { rateLimit = false });
        _graph = GraphSdk.Client(emulator, await GraphSdk.TokenAsync(emulator));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Service_principals_by_display_name_answer_only_the_selected_properties()
    {
        var (id, name, _) = await NewAppAsync();

        var page = await _graph.ServicePrincipals.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"displayName eq '{name}'";
            r.QueryParameters.Select = ["id", "appId", "displayName"];
        });

        var sp = Assert.Single(page!.Value!);
        Assert.Equal(id, sp.Id);
        Assert.Equal(name, sp.DisplayName);
        Assert.NotNull(sp.AppId);
        // $select: nothing else comes back.
        Assert.Null(sp.ServicePrincipalType);
        Assert.Null(sp.Tags);
        Assert.DoesNotContain(sp.AdditionalData.Keys, k => !k.StartsWith('@'));
    }

    [Fact]
    public async Task A_service_principal_carries_every_property_Graph_always_writes()
    {
        var (id, name, _) = await NewAppAsync();

        var sp = await _graph.ServicePrincipals[id].GetAsync();

        NonNullable.Check(sp, NonNullable.ServicePrincipal, "servicePrincipal");
        Assert.Equal(name, sp!.DisplayName);
    }

    [Fact]
    public async Task Select_on_one_service_principal_and_an_unknown_property_are_answered_as_Graph_does()
    {
        var (id, name, _) = await NewAppAsync();

        var sp = await _graph.ServicePrincipals[id].GetAsync(r => r.QueryParameters.Select = ["displayName"]);
        Assert.Equal(name, sp!.DisplayName);
        Assert.Null(sp.Id);
        Assert.Null(sp.AppId);

        var error = await Assert.ThrowsAsync<ODataError>(() => _graph.ServicePrincipals[id].GetAsync(r => r.QueryParameters.Select = ["displayName", "noSuchProperty"]));
        Refused(error, 400);
        Assert.Contains("noSuchProperty", error.Error!.Message);
    }

    [Fact]
    public async Task A_new_job_lists_with_its_schedule_and_a_full_status()
    {
        var (id, _, jobId) = await NewAppAsync();

        var jobs = await _graph.ServicePrincipals[id].Synchronization.Jobs.GetAsync();

        var job = Assert.Single(jobs!.Value!);
        Assert.Equal(jobId, job.Id);
        NonNullable.Check(job, NonNullable.SynchronizationJob, "synchronizationJob");
        NonNullable.Check(job.Schedule, NonNullable.SynchronizationSchedule, "schedule");
        NonNullable.Check(job.Status, NonNullable.SynchronizationStatus, "status");
        Assert.Equal(SynchronizationStatusCode.NotConfigured, job.Status!.Code);
        Assert.Equal(0, job.Status.CountSuccessiveCompleteFailures);
        Assert.Null(job.Status.LastExecution);
        Assert.Null(job.Status.Quarantine);
        Assert.Equal(TimeSpan.FromMinutes(40), job.Schedule!.Interval);
    }

    [Fact]
    public async Task A_job_selected_by_property_answers_those_properties()
    {
        var (id, _, jobId) = await NewAppAsync();

        var job = await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].GetAsync(r => r.QueryParameters.Select = ["id", "status"]);

        Assert.Equal(jobId, job!.Id);
        Assert.NotNull(job.Status);
        Assert.Null(job.Schedule);
        Assert.Null(job.TemplateId);
    }

    [Fact]
    public async Task Secrets_are_written_with_the_SDK_and_read_back_masked()
    {
        var (id, _, _) = await NewAppAsync();

        await _graph.ServicePrincipals[id].Synchronization.Secrets.PutAsSecretsPutResponseAsync(new SecretsPutRequestBody
        {
            Value =
            [
                new() { Key = SynchronizationSecret.BaseAddress, Value = "https://scim.example.net/1/2/scim" },
                new() { Key = SynchronizationSecret.SecretToken, Value = "secret-token-value" },
            ],
        });

        // The v1.0 metadata declares PUT only; the module's GET (azure-docs#55184) goes through the SDK's adapter and model.
        var read = _graph.ServicePrincipals[id].Synchronization.Secrets.ToPutRequestInformation(new SecretsPutRequestBody());
        var get = new RequestInformation { HttpMethod = Method.GET, URI = read.URI };
        get.Headers.Add("Accept", "application/json");
        var listed = await _graph.RequestAdapter.SendAsync(get, SecretsPutResponse.CreateFromDiscriminatorValue, GraphSdk.Errors);

        Assert.Equal([SynchronizationSecret.BaseAddress, SynchronizationSecret.SecretToken], listed!.Value!.Select(v => v.Key).OrderBy(k => k.ToString()));
        Assert.DoesNotContain(listed.Value!, v => v.Value == "secret-token-value");
        var stored = await StoredSecretsAsync(id);
        Assert.Equal("secret-token-value", stored["SecretToken"]);
        Assert.Equal("https://scim.example.net/1/2/scim", stored["BaseAddress"]);
    }

    [Fact]
    public async Task Validate_credentials_answers_204_for_a_working_SCIM_token_and_an_ODataError_for_a_wrong_one()
    {
        var (id, _, jobId) = await NewAppAsync();
        var (baseUrl, token) = await ScimCredentialsAsync();
        var validate = _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].ValidateCredentials;

        await validate.PostAsync(new ValidateCredentialsPostRequestBody
        {
            UseSavedCredentials = false,
            Credentials = [new() { Key = SynchronizationSecret.BaseAddress, Value = baseUrl }, new() { Key = SynchronizationSecret.SecretToken, Value = token }],
        });
        await WriteCredentialsAsync(id, baseUrl, token);
        await validate.PostAsync(new ValidateCredentialsPostRequestBody { UseSavedCredentials = true });

        var error = await Assert.ThrowsAsync<ODataError>(() => validate.PostAsync(new ValidateCredentialsPostRequestBody
        {
            UseSavedCredentials = false,
            Credentials = [new() { Key = SynchronizationSecret.BaseAddress, Value = baseUrl }, new() { Key = SynchronizationSecret.SecretToken, Value = "wrong" + token }],
        }));
        Refused(error, 400);
        Assert.Contains("401", error.Error!.Message);
    }

    [Fact]
    public async Task A_started_job_that_ran_reports_its_executions_in_full()
    {
        var (id, _, jobId) = await NewAppAsync();
        var (baseUrl, token) = await ScimCredentialsAsync();
        await WriteCredentialsAsync(id, baseUrl, token);

        await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].Start.PostAsync();
        await CyclesDoneAsync(id, 1);

        var job = await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].GetAsync();
        var status = job!.Status!;
        NonNullable.Check(status, NonNullable.SynchronizationStatus, "status");
        NonNullable.Check(status.LastExecution, NonNullable.SynchronizationTaskExecution, "lastExecution");
        NonNullable.Check(status.LastSuccessfulExecution, NonNullable.SynchronizationTaskExecution, "lastSuccessfulExecution");
        Assert.Equal(SynchronizationStatusCode.Active, status.Code);
        Assert.Equal(SynchronizationTaskExecutionResult.Succeeded, status.LastExecution!.State);
        Assert.Equal(0, status.CountSuccessiveCompleteFailures);
        Assert.Null(status.Quarantine);
        Assert.True(status.SteadyStateLastAchievedTime > DateTimeOffset.UnixEpoch);
        Assert.Equal(status.LastExecution.CountEntitled, status.LastExecution.CountEntitledForProvisioning);
    }

    [Fact]
    public async Task A_job_that_a_SCIM_server_refuses_reports_its_quarantine_in_full()
    {
        var (id, _, jobId) = await NewAppAsync();
        var (baseUrl, token) = await ScimCredentialsAsync();
        await WriteCredentialsAsync(id, baseUrl, "wrong" + token);

        await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].Start.PostAsync();
        await CyclesDoneAsync(id, 1);

        var status = (await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].GetAsync())!.Status!;
        NonNullable.Check(status, NonNullable.SynchronizationStatus, "status");
        NonNullable.Check(status.LastExecution, NonNullable.SynchronizationTaskExecution, "lastExecution");
        NonNullable.Check(status.LastExecution!.Error, NonNullable.SynchronizationError, "lastExecution.error");
        NonNullable.Check(status.Quarantine, NonNullable.SynchronizationQuarantine, "quarantine");
        NonNullable.Check(status.Quarantine!.Error, NonNullable.SynchronizationError, "quarantine.error");
        Assert.Equal(SynchronizationStatusCode.Quarantine, status.Code);
        Assert.Equal(QuarantineReason.EncounteredQuarantineException, status.Quarantine.Reason);
        Assert.Equal(1, status.CountSuccessiveCompleteFailures);
        Assert.Equal(status.Quarantine.CurrentBegan, status.Quarantine.SeriesBegan);
        Assert.True(status.Quarantine.NextAttempt > status.Quarantine.CurrentBegan);
        Assert.Null(status.LastSuccessfulExecution);
    }

    [Fact]
    public async Task Restart_with_the_reset_scope_the_module_sends_is_accepted()
    {
        var (id, _, jobId) = await NewAppAsync();
        var (baseUrl, token) = await ScimCredentialsAsync();
        await WriteCredentialsAsync(id, baseUrl, token);

        await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].Restart.PostAsync(new RestartPostRequestBody
        {
            Criteria = new SynchronizationJobRestartCriteria { ResetScope = SynchronizationJobRestartScope.Full },
        });
        await CyclesDoneAsync(id, 1);

        var status = (await _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].GetAsync())!.Status!;
        Assert.Equal(SynchronizationStatusCode.Active, status.Code);
    }

    [Fact]
    public async Task Start_before_credentials_and_an_unknown_job_are_ODataErrors_with_codes()
    {
        var (id, _, jobId) = await NewAppAsync();

        var notConfigured = await Assert.ThrowsAsync<ODataError>(() => _graph.ServicePrincipals[id].Synchronization.Jobs[jobId].Start.PostAsync());
        Refused(notConfigured, 400);

        var noJob = await Assert.ThrowsAsync<ODataError>(() => _graph.ServicePrincipals[id].Synchronization.Jobs["zscalertwo.nosuchjob"].GetAsync());
        Refused(noJob, 404);

        var noApp = await Assert.ThrowsAsync<ODataError>(() => _graph.ServicePrincipals[Guid.NewGuid().ToString()].GetAsync());
        Refused(noApp, 404, "Request_ResourceNotFound");
        Assert.NotNull(noApp.Error?.InnerError?.RequestId);
        Assert.NotNull(noApp.Error?.InnerError?.Date);
    }

    [Fact]
    public async Task An_unknown_Graph_path_is_an_ODataError_once_the_token_is_good()
    {
        var unknown = new RequestInformation { HttpMethod = Method.GET, URI = new Uri($"{GraphSdk.BaseUrl(emulator)}/noSuchSegment/x") };

        var error = await Assert.ThrowsAsync<ODataError>(() => _graph.RequestAdapter.SendPrimitiveAsync<Stream>(unknown, GraphSdk.Errors));
        Refused(error, 400, "BadRequest");
        Assert.Contains("noSuchSegment", error.Error!.Message);
        Assert.NotNull(error.Error.InnerError?.RequestId);

        var stranger = GraphSdk.Client(emulator, "eyJ0eXAiOiJKV1QifQ.not-a-token");
        var refused = await Assert.ThrowsAsync<ODataError>(() => stranger.RequestAdapter.SendPrimitiveAsync<Stream>(
            new RequestInformation { HttpMethod = Method.GET, URI = unknown.URI }, GraphSdk.Errors));
        Refused(refused, 401, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task Without_a_token_Graph_answers_401_on_known_and_unknown_paths()
    {
        foreach (var path in new[] { "/servicePrincipals", "/noSuchSegment" })
        {
            using var response = await emulator.Http.GetAsync(GraphSdk.BaseUrl(emulator) + path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("InvalidAuthenticationToken", body?["error"]?["code"]?.GetValue<string>());
        }
    }

    /// <summary>Graph's refusal as the SDK reads it: the status, and an ODataError with a code (the one given, if any).</summary>
    private static void Refused(ODataError error, int status, string? code = null)
    {
        Assert.Equal(status, error.ResponseStatusCode);
        Assert.False(string.IsNullOrEmpty(error.Error?.Code), "The ODataError has no code.");
        if (code is not null)
        {
            Assert.Equal(code, error.Error!.Code);
        }
    }

    /// <summary>A fresh enterprise application with one job, so that no test sees another's state.</summary>
    private async Task<(string Id, string Name, string JobId)> NewAppAsync()
    {
        var name = "Zscaler Conformance " + Guid.NewGuid().ToString("N")[..8];
        var sp = await emulator.ControlAsync(HttpMethod.Post, "entra/servicePrincipals", new { displayName = name, jobs = 1 });
        return (sp!["id"]!.GetValue<string>(), name, sp["jobIds"]![0]!.GetValue<string>());
    }

    /// <summary>The SCIM URL and token of the seeded, activated 'Entra ID' identity provider.</summary>
    private async Task<(string BaseUrl, string Token)> ScimCredentialsAsync()
    {
        var state = await emulator.ControlAsync(HttpMethod.Get, "state");
        var idp = state!["active"]!["idps"]!.AsArray().First(i => i!["name"]!.GetValue<string>() == "Entra ID")!;
        return ($"{emulator.Origin}/{emulator.Handshake["orgId"]}/{idp["id"]}/scim", idp["scimSharedSecret"]!.GetValue<string>());
    }

    private Task WriteCredentialsAsync(string id, string baseUrl, string token) =>
        _graph.ServicePrincipals[id].Synchronization.Secrets.PutAsSecretsPutResponseAsync(new SecretsPutRequestBody
        {
            Value = [new() { Key = SynchronizationSecret.BaseAddress, Value = baseUrl }, new() { Key = SynchronizationSecret.SecretToken, Value = token }],
        });

    private async Task<Dictionary<string, string>> StoredSecretsAsync(string id)
    {
        var sp = await AppStateAsync(id);
        return sp["secrets"]!.AsArray().ToDictionary(s => s!["key"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());
    }

    private async Task<JsonNode> AppStateAsync(string id) =>
        (await emulator.ControlAsync(HttpMethod.Get, "entra/state"))!["servicePrincipals"]!.AsArray().First(s => s!["id"]!.GetValue<string>() == id)!;

    /// <summary>Entra runs a cycle in the background after start: wait (bounded) until the emulator says it finished.</summary>
    private async Task CyclesDoneAsync(string id, int runs)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await AppStateAsync(id))["jobs"]![0]!;
            if (job["runsCompleted"]!.GetValue<int>() >= runs && job["runs"]!.GetValue<int>() == job["runsCompleted"]!.GetValue<int>())
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The job did not finish {runs} cycle(s) within a minute.");
            await Task.Delay(50);
        }
    }
}
