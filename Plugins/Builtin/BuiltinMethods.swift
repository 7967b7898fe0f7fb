enum BuiltinPlaceholder {}
