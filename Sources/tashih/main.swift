print("tashih")
