enum HoldoutTestSupportPlaceholder {}
