/// JSON Pointer (RFC 6901) helpers: the path notation every SchemaWire error and
/// incompatibility uses to say where in a schema or value something is.
public enum JSONPointer {
    /// Escapes one path component: `~` becomes `~0` and `/` becomes `~1`.
    public static func escape(_ component: String) -> String {
        guard component.contains("~") || component.contains("/") else { return component }
        var escaped = ""
        for character in component {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
