enum MethodHostPlaceholder {}
