using System;
using System.Management.Automation;

namespace ZscalerScim.Commands;

/// <summary>A -Since that takes a time or a span back from now: -Since (Get-Date).AddDays(-3), or -Since (New-TimeSpan -Hours 6).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SinceAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is TimeSpan back ? DateTime.Now - back.Duration() : inputData;
}
