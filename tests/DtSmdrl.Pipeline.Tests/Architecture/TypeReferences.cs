using System.Reflection;
using System.Reflection.Emit;

namespace DtSmdrl.Pipeline.Tests.Architecture;

/// <summary>
/// Which types a compiled type refers to: its base type, interfaces, fields, properties, method and constructor
/// signatures, generic arguments, local variables, and every type and member token in its method bodies' IL (calls,
/// field accesses, object creation, casts, constants such as typeof). Compiler-generated nested types (lambdas,
/// iterators, async state machines) count as their declaring type. This is what the code uses, not what its
/// <c>using</c> lines say.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    // Operand sizes of every IL opcode, by its first and second byte.
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> (and its compiler-generated nested types) refers to.</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            while (t.HasElementType) t = t.GetElementType()!;
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments()) Add(argument);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(Everything)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Everything)) Add(p.PropertyType);
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo m) Add(m.ReturnType);
            foreach (var p in method.GetParameters()) Add(p.ParameterType);
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var token in Tokens(body.GetILAsByteArray() ?? []))
            {
                try
                {
                    var member = type.Module.ResolveMember(token, type.IsGenericType ? type.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                    if (member is Type t) Add(t);
                    else if (member is not null) Add(member.DeclaringType);
                }
                catch (ArgumentException)
                {
                    // A string or signature token: no type.
                }
            }
        }
        foreach (var nested in type.GetNestedTypes(Everything).Where(n => n.Name.Contains('<')))
            foreach (var t in Of(nested)) found.Add(t);
        return found;
    }

    // The metadata tokens of type, field, method and member operands in an IL stream.
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF || value < 0 ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break;
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
