using System;
using System.Globalization;
using System.Management.Automation;

namespace ZscalerScim.Internal;

/// <summary>
/// Converts a parameter's argument as PowerShell would, but an argument that does not convert is not repeated in
/// the error, as PowerShell's own conversion error would repeat it: it may be a secret given to the wrong parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class QuietConversionAttribute : ArgumentTransformationAttribute
{
    private readonly Type _type;

    public QuietConversionAttribute(Type type) => _type = type;

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null || _type.IsInstanceOfType(value))
        {
            return inputData;
        }
        try
        {
            return LanguagePrimitives.ConvertTo(inputData, _type, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is PSInvalidCastException || ex is InvalidCastException || ex is ArgumentException || ex is FormatException)
        {
            throw new ArgumentTransformationMetadataException(
                $"The argument is not a {_type.Name}. It is not repeated here, in case it is a secret given to the wrong parameter.");
        }
    }
}
