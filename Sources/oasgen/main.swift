print("oasgen")
