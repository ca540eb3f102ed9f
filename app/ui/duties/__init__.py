"""The employer's duties after an encounter (issue 16): 相談, 配慮措置, 再発防止, 研修・周知, 法律相談, 出入禁止."""
